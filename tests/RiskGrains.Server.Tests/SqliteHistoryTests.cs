using RiskGrains.Server.Storage;

namespace RiskGrains.Server.Tests;

/// <summary>History points in the embedded store (SQLite).</summary>
public sealed class SqliteHistoryTests
{
    [Fact]
    public async Task Points_are_read_back_by_range_in_version_order_and_an_append_repeated_keeps_one_copy()
    {
        await using var database = new SqliteDatabase(ServiceHost.TempDirectory());
        await HistoryStoreContract.AppendsAndReadsRanges(new SqliteHistoryStore(database));
    }

    [Fact]
    public async Task Retention_keeps_the_newest_points_per_company_and_removes_those_older_than_the_cutoff()
    {
        await using var database = new SqliteDatabase(ServiceHost.TempDirectory());
        await HistoryStoreContract.TrimsByCountAndAge(new SqliteHistoryStore(database));
    }

    [Fact]
    public async Task Points_survive_a_restart_of_the_store()
    {
        var dataDir = ServiceHost.TempDirectory();
        var point = HistoryStoreContract.Point("SURVIVE", 7, DateTimeOffset.UtcNow);
        await using (var database = new SqliteDatabase(dataDir))
        {
            await new SqliteHistoryStore(database).Append([point]);
        }

        await using var reopened = new SqliteDatabase(dataDir);
        Assert.Equal([point], await new SqliteHistoryStore(reopened).Read("SURVIVE", null, null));
    }
}

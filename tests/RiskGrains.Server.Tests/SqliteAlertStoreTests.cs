using RiskGrains.Server.Storage;

namespace RiskGrains.Server.Tests;

/// <summary>The alert log in the embedded store (SQLite).</summary>
public sealed class SqliteAlertStoreTests
{
    [Fact]
    public async Task A_firing_gets_the_next_sequence_and_is_stored_once_per_edge()
    {
        await using var database = new SqliteDatabase(ServiceHost.TempDirectory());
        await AlertStoreContract.FiresOncePerEdgeInSequenceOrder(new SqliteAlertStore(database));
    }

    [Fact]
    public async Task Retention_removes_old_alerts_and_keeps_the_newest_and_sequences_go_on()
    {
        await using var database = new SqliteDatabase(ServiceHost.TempDirectory());
        await AlertStoreContract.TrimsByCountAndAgeAndNeverReusesASequence(new SqliteAlertStore(database));
    }

    [Fact]
    public async Task Alerts_and_fired_marks_survive_a_restart_of_the_store()
    {
        var dataDir = ServiceHost.TempDirectory();
        var firing = AlertStoreContract.Firing("SURVIVE", "CO", 4, DateTimeOffset.UtcNow);
        await using (var database = new SqliteDatabase(dataDir))
        {
            Assert.Equal(1UL, (await new SqliteAlertStore(database).Fire(firing, revision: 1))!.Sequence);
        }

        await using var reopened = new SqliteDatabase(dataDir);
        var store = new SqliteAlertStore(reopened);
        Assert.Equal([firing with { Sequence = 1 }], await store.Read(0, max: 10));
        Assert.Null(await store.Fire(firing with { Version = 5 }, revision: 1));
        Assert.Equal(1UL, await store.LastSequence());
    }
}

using Microsoft.Data.Sqlite;
using RiskGrains.Server.Storage;

namespace RiskGrains.Server.Tests;

/// <summary>The embedded store's group commit: writes that arrive together share a transaction, not a fate.</summary>
public sealed class SqliteDatabaseTests
{
    [Fact]
    public async Task A_write_that_fails_inside_a_group_fails_alone_and_the_others_of_the_group_are_stored()
    {
        await using var database = new SqliteDatabase(ServiceHost.TempDirectory());
        await database.Write((connection, transaction) => Execute(connection, transaction, "CREATE TABLE probe (id INTEGER PRIMARY KEY)"));

        // The first write holds the writer thread, so the rest queue up and are committed as one group.
        var gate = new ManualResetEventSlim();
        var first = database.Write((connection, transaction) => gate.Wait(TimeSpan.FromSeconds(10)) ? Execute(connection, transaction, "INSERT INTO probe VALUES (0)") : -1);
        var group = Enumerable.Range(1, 50)
            .Select(i => database.Write((connection, transaction) => Execute(connection, transaction, $"INSERT INTO probe VALUES ({i})")))
            .ToList();
        var failing = database.Write((connection, transaction) =>
        {
            Execute(connection, transaction, "INSERT INTO probe VALUES (1000)");
            return Execute(connection, transaction, "INSERT INTO no_such_table VALUES (1)");
        });
        gate.Set();

        Assert.Equal(1, await first);
        Assert.All(await Task.WhenAll(group), inserted => Assert.Equal(1, inserted));
        await Assert.ThrowsAsync<SqliteException>(() => failing);

        await using var reader = await database.OpenReaderAsync();
        using var count = reader.CreateCommand();
        count.CommandText = "SELECT COUNT(*), MAX(id) FROM probe";
        using var result = await count.ExecuteReaderAsync();
        Assert.True(await result.ReadAsync());
        Assert.Equal((51L, 50L), (result.GetInt64(0), result.GetInt64(1)));
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }
}

using System.Text;
using Microsoft.Data.Sqlite;
using RiskGrains.Contract.V1;
using RiskGrains.Grains;
using RiskGrains.Server.Storage;
using Band = RiskGrains.Model.Band;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>The directory's rows in the embedded store (SQLite).</summary>
public sealed class SqliteDirectoryTests
{
    // The directory grain (integer key 0) as the grain store names it.
    private const string DirectoryGrain = "companydirectory/0";

    [Fact]
    public async Task Rows_survive_a_restart_of_the_store_and_each_directory_reads_only_its_own()
    {
        var dataDir = ServiceHost.TempDirectory();
        var main = GrainId.Create("companydirectory", "0");
        var other = GrainId.Create("companydirectory", "1");
        await using (var database = new SqliteDatabase(dataDir))
        {
            var store = new SqliteCompanyDirectoryStore(database);
            await store.Upsert(main, [new("A", "Alpha", null), new("B", "Beta", Band.Low)]);
            await store.Upsert(main, [new("A", "Alpha", Band.Severe)]);
            await store.Upsert(other, [new("C", "Gamma", null)]);
        }

        await using (var reopened = new SqliteDatabase(dataDir))
        {
            var store = new SqliteCompanyDirectoryStore(reopened);
            var rows = await store.ReadAll(main);
            Assert.Equal([new("A", "Alpha", Band.Severe), new CompanyListing("B", "Beta", Band.Low)], rows.OrderBy(r => r.CompanyId, StringComparer.Ordinal));
            Assert.Equal([new CompanyListing("C", "Gamma", null)], await store.ReadAll(other));
        }
    }

    [Fact]
    public async Task A_registration_writes_its_own_directory_row_and_nothing_else_of_the_directory()
    {
        await using var host = await ServiceHost.StartAsync(loadSampleData: false);
        var listed = Enumerable.Range(0, 300).Select(i => Requests.NewCompanyId($"D{i}")).ToArray();
        await Task.WhenAll(listed.Select(id => host.Client.UpsertCompanyAsync(Requests.Company(id)).ResponseAsync));

        // From here on, every row written to either table is logged, with its size.
        await using var connection = await Open(host);
        await Execute(connection, """
            CREATE TABLE test_written (tbl TEXT, key TEXT, bytes INTEGER);
            CREATE TRIGGER test_row_insert AFTER INSERT ON directory_row BEGIN INSERT INTO test_written VALUES ('directory_row', NEW.company_id, length(NEW.payload)); END;
            CREATE TRIGGER test_row_update AFTER UPDATE ON directory_row BEGIN INSERT INTO test_written VALUES ('directory_row', NEW.company_id, length(NEW.payload)); END;
            CREATE TRIGGER test_state_insert AFTER INSERT ON grain_state BEGIN INSERT INTO test_written VALUES ('grain_state', NEW.grain_id, length(NEW.payload)); END;
            CREATE TRIGGER test_state_update AFTER UPDATE ON grain_state BEGIN INSERT INTO test_written VALUES ('grain_state', NEW.grain_id, length(NEW.payload)); END;
            """);

        var id = Requests.NewCompanyId("DNEW");
        await host.Client.UpsertCompanyAsync(Requests.Company(id));

        // Acknowledged, so on disk: the company's own state and one row of a hundred bytes or so.
        var written = await Written(connection);
        Assert.Equal([("directory_row", id), ("grain_state", "company/" + id)], written.Select(w => (w.Table, w.Key)).Order());
        Assert.InRange(written.Single(w => w.Table == "directory_row").Bytes, 1, 200);
        var row = await Row(connection, id);
        Assert.Equal(new CompanyListing(id, $"Company {id}", null, "Technology"), row);

        // A rename rewrites that row only.
        var renamed = Requests.Company(id);
        renamed.Profile.Name = "Renamed";
        await host.Client.UpsertCompanyAsync(renamed);
        var directoryWrites = (await Written(connection)).Where(w => w.Table == "directory_row").Select(w => w.Key);
        Assert.Equal([id, id], directoryWrites);
        Assert.Equal(new CompanyListing(id, "Renamed", null, "Technology"), await Row(connection, id));
        Assert.Equal(301, await Scalar(connection, "SELECT count(*) FROM directory_row"));
    }

    [Fact]
    public async Task A_list_stored_by_the_previous_version_becomes_rows_on_first_start_and_stays_listed()
    {
        // The grain state as the previous version wrote it: the whole list, bands as numbers.
        var dataDir = ServiceHost.TempDirectory();
        const string legacy = """
            {"Companies":{"OLD-A":{"CompanyId":"OLD-A","Name":"Alpha Corp","Band":1},"OLD-B":{"CompanyId":"OLD-B","Name":"Beta Inc","Band":null},"OLD-C":{"CompanyId":"OLD-C","Name":"Gamma plc","Band":4}},"SampleDataLoaded":true}
            """;
        await using (var database = new SqliteDatabase(dataDir))
        await using (var seed = await database.OpenReaderAsync())
        {
            await using var insert = seed.CreateCommand();
            insert.CommandText = "INSERT INTO grain_state (grain_id, state_name, etag, payload) VALUES ($id, 'directory', 7, $payload)";
            insert.Parameters.AddWithValue("$id", DirectoryGrain);
            insert.Parameters.AddWithValue("$payload", Encoding.UTF8.GetBytes(legacy));
            await insert.ExecuteNonQueryAsync();
        }

        // Sample loading on: the flag kept in the grain state must still say it was loaded.
        await using (var host = await ServiceHost.StartAsync(loadSampleData: true, dataDir))
        {
            await AssertListed(host);
            await using var connection = await Open(host);
            Assert.Equal(3, await Scalar(connection, "SELECT count(*) FROM directory_row"));
            Assert.Equal(new CompanyListing("OLD-C", "Gamma plc", Band.High), await Row(connection, "OLD-C"));
            Assert.Equal("""{"SampleDataLoaded":true}""", await DirectoryState(connection));
        }

        await using (var again = await ServiceHost.StartAsync(loadSampleData: true, dataDir))
        {
            await AssertListed(again);
        }

        static async Task AssertListed(ServiceHost host)
        {
            var page = await host.Client.ListCompaniesAsync(new ListCompaniesRequest { PageSize = 10 });
            Assert.Equal(
                [("OLD-A", "Alpha Corp", V1.Band.Low), ("OLD-B", "Beta Inc", V1.Band.Unspecified), ("OLD-C", "Gamma plc", V1.Band.High)],
                page.Companies.Select(c => (c.CompanyId, c.Name, c.Band)));
        }
    }

    [Fact]
    public async Task A_row_carries_the_sector_and_the_score_of_the_company_s_latest_history_point()
    {
        await using var host = await ServiceHost.StartAsync(loadSampleData: false);
        var id = Requests.NewCompanyId("DSCORE");
        await Requests.CreateAsync(host.Client, id);
        var score = (await host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk.Score;

        // Reported one-way with the point and saved in the background.
        await using var connection = await Open(host);
        var row = await Eventually.Returns(() => Row(connection, id), r => r?.Score == score);
        Assert.Equal(("Technology", (double?)score), (row?.Sector, row?.Score));
        var listed = await host.Client.ListCompaniesAsync(new ListCompaniesRequest { PageSize = 1 });
        Assert.Equal((id, score), (listed.Companies[0].CompanyId, listed.Companies[0].Score));
    }

    private sealed record WrittenRow(string Table, string Key, long Bytes);

    private static async Task<SqliteConnection> Open(ServiceHost host)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(host.DataDir, "riskgrains.db"), DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<WrittenRow>> Written(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT tbl, key, bytes FROM test_written ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync();
        var written = new List<WrittenRow>();
        while (await reader.ReadAsync())
        {
            written.Add(new WrittenRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return written;
    }

    private static async Task<CompanyListing?> Row(SqliteConnection connection, string companyId)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM directory_row WHERE directory = $directory AND company_id = $company";
        command.Parameters.AddWithValue("$directory", DirectoryGrain);
        command.Parameters.AddWithValue("$company", companyId);
        return await command.ExecuteScalarAsync() is byte[] payload ? DirectoryRow.Decode(payload) : null;
    }

    private static async Task<string?> DirectoryState(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM grain_state WHERE grain_id = $id AND state_name = 'directory'";
        command.Parameters.AddWithValue("$id", DirectoryGrain);
        return await command.ExecuteScalarAsync() is byte[] payload ? Encoding.UTF8.GetString(payload) : null;
    }
}

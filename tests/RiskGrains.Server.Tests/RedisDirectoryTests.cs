using RiskGrains.Contract.V1;
using RiskGrains.Grains;
using RiskGrains.Server.Grpc;
using StackExchange.Redis;
using ModelBand = RiskGrains.Model.Band;

namespace RiskGrains.Server.Tests;

/// <summary>The directory's rows in cluster mode: a silo of this process on a real redis-server.</summary>
[Trait("Category", "Process")]
public sealed class RedisDirectoryTests
{
    // The directory grain's keys, beside each other under the service id.
    private const string RowsKey = "riskgrains/directory-rows/companydirectory/0";
    private const string StateKey = "riskgrains/directory/companydirectory/0";

    [Fact]
    public async Task Each_registration_is_one_field_of_the_directory_hash_and_the_rows_are_listed_after_a_restart()
    {
        using var redis = await RedisServer.StartAsync();
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();
        var ids = Enumerable.Range(0, 3).Select(i => Requests.NewCompanyId($"R{i}")).Order(StringComparer.Ordinal).ToArray();
        Band band;
        await using (var first = await StartSilo(redis, clusterId))
        {
            foreach (var id in ids)
            {
                await first.Client.UpsertCompanyAsync(Requests.Company(id));

                // Acknowledged, so stored: one more field, holding the row.
                Assert.Equal(new CompanyListing(id, $"Company {id}", null, "Technology"), await Row(db, id));
            }

            Assert.Equal(ids, (await db.HashKeysAsync(RowsKey)).Select(k => (string)k!).Order(StringComparer.Ordinal));

            // A band reaches the row in the background.
            await first.Client.ReportFinancialsAsync(Requests.Financials(ids[0]));
            band = (await first.Client.GetRiskAsync(new GetRiskRequest { CompanyId = ids[0] })).Risk.Band;
            Assert.NotEqual(Band.Unspecified, band);
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while ((await Row(db, ids[0]))?.Band is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Equal(band, ProtoMapping.ToProto((await Row(db, ids[0]))?.Band));

            // With the band, the sector and the score of the history point that changed it.
            var score = (await first.Client.GetRiskAsync(new GetRiskRequest { CompanyId = ids[0] })).Risk.Score;
            Assert.Equal(("Technology", (double?)score), ((await Row(db, ids[0]))?.Sector, (await Row(db, ids[0]))?.Score));

            // The grain state never holds the list.
            Assert.DoesNotContain("Companies", (string?)await db.HashGetAsync(StateKey, "data") ?? "");
        }

        await using var second = await StartSilo(redis, clusterId);
        var page = await second.Client.ListCompaniesAsync(new ListCompaniesRequest { PageSize = 10 });
        Assert.Equal(ids, page.Companies.Select(c => c.CompanyId));
        Assert.Equal(band, page.Companies[0].Band);
        Assert.True(page.Companies[0].HasScore);
        Assert.False(page.Companies[1].HasScore);
        Assert.Equal($"Company {ids[1]}", page.Companies[1].Name);
    }

    [Fact]
    public async Task A_list_stored_by_the_previous_version_becomes_fields_of_the_hash_on_first_start()
    {
        using var redis = await RedisServer.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();

        // The grain state as the previous version wrote it through the Orleans Redis store.
        await db.HashSetAsync(StateKey,
        [
            new HashEntry("etag", "legacy-etag"),
            new HashEntry("data", """{"Companies":{"OLD-A":{"CompanyId":"OLD-A","Name":"Alpha Corp","Band":1},"OLD-B":{"CompanyId":"OLD-B","Name":"Beta Inc","Band":null}},"SampleDataLoaded":true}"""),
        ]);

        await using var silo = await StartSilo(redis, "test-" + Guid.NewGuid().ToString("N")[..8]);
        var page = await silo.Client.ListCompaniesAsync(new ListCompaniesRequest { PageSize = 10 });
        Assert.Equal(["OLD-A", "OLD-B"], page.Companies.Select(c => c.CompanyId));

        Assert.Equal(new CompanyListing("OLD-A", "Alpha Corp", ModelBand.Low), await Row(db, "OLD-A"));
        Assert.Equal(new CompanyListing("OLD-B", "Beta Inc", null), await Row(db, "OLD-B"));
        Assert.Equal("""{"SampleDataLoaded":true}""", (string?)await db.HashGetAsync(StateKey, "data"));

        var id = Requests.NewCompanyId("RNEW");
        await silo.Client.UpsertCompanyAsync(Requests.Company(id));
        Assert.Equal(3, await db.HashLengthAsync(RowsKey));
    }

    private static Task<ServiceHost> StartSilo(RedisServer redis, string clusterId) =>
        ServiceHost.StartAsync(
            loadSampleData: false,
            dataDir: null,
            "--RiskGrains:Mode", "Cluster",
            "--RiskGrains:Redis", redis.ConnectionString,
            "--RiskGrains:ClusterId", clusterId,
            "--RiskGrains:AdvertisedAddress", "127.0.0.1");

    private static async Task<CompanyListing?> Row(IDatabase db, string companyId) =>
        await db.HashGetAsync(RowsKey, companyId) is { HasValue: true } value ? DirectoryRow.Decode((byte[])value!) : null;
}

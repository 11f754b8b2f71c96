using RiskGrains.Server.Storage;
using StackExchange.Redis;

namespace RiskGrains.Server.Tests;

/// <summary>The alert log in cluster mode, on a real redis-server.</summary>
[Trait("Category", "Process")] // a redis-server
public sealed class RedisAlertStoreTests
{
    [Fact]
    public async Task Firings_are_atomic_and_in_sequence_and_retention_trims_by_count_and_age()
    {
        using var redis = await RedisServer.StartAsync();
        await using var store = new RedisAlertStore(ConfigurationOptions.Parse(redis.ConnectionString), "riskgrains");

        await AlertStoreContract.FiresOncePerEdgeInSequenceOrder(store);
        await AlertStoreContract.TrimsByCountAndAgeAndNeverReusesASequence(store);

        // Four keys: the alerts, their times, the counter and the fired marks.
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();
        Assert.Equal(await store.LastSequence(), (ulong)await db.StringGetAsync("riskgrains/alerts/sequence"));
        Assert.Equal(RedisType.SortedSet, await db.KeyTypeAsync("riskgrains/alerts/events"));
        Assert.Equal(RedisType.Hash, await db.KeyTypeAsync("riskgrains/alerts/edges"));
        Assert.Equal(await db.SortedSetLengthAsync("riskgrains/alerts/events"), await db.SortedSetLengthAsync("riskgrains/alerts/times"));
    }

    [Fact]
    public async Task Concurrent_firings_from_two_connections_get_distinct_sequences_and_one_per_edge()
    {
        using var redis = await RedisServer.StartAsync();
        await using var one = new RedisAlertStore(ConfigurationOptions.Parse(redis.ConnectionString), "riskgrains");
        await using var two = new RedisAlertStore(ConfigurationOptions.Parse(redis.ConnectionString), "riskgrains");
        var now = DateTimeOffset.UtcNow;

        // 50 companies, each firing sent by both "silos" at once.
        var results = await Task.WhenAll(Enumerable.Range(0, 50).SelectMany(i => new[]
        {
            one.Fire(AlertStoreContract.Firing("RACE", $"C{i}", 1, now), revision: 1),
            two.Fire(AlertStoreContract.Firing("RACE", $"C{i}", 1, now), revision: 1),
        }));

        var stored = results.OfType<Grains.AlertEvent>().ToList();
        Assert.Equal(50, stored.Count);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (ulong)i), stored.Select(a => a.Sequence).Order());
        Assert.Equal(stored.Select(a => a.CompanyId).Order(), (await one.Read(0, 100)).Select(a => a.CompanyId).Order());
    }
}

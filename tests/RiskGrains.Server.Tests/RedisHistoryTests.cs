using RiskGrains.Server.Storage;
using StackExchange.Redis;

namespace RiskGrains.Server.Tests;

/// <summary>History points in cluster mode, on a real redis-server: one sorted set per company.</summary>
[Trait("Category", "Process")] // a redis-server
public sealed class RedisHistoryTests
{
    [Fact]
    public async Task Points_are_read_back_by_range_in_version_order_and_retention_trims_by_count_and_age()
    {
        using var redis = await RedisServer.StartAsync();
        await using var store = new RedisHistoryStore(ConfigurationOptions.Parse(redis.ConnectionString), "riskgrains");

        await HistoryStoreContract.AppendsAndReadsRanges(store);
        await HistoryStoreContract.TrimsByCountAndAge(store);

        // One sorted set per company, and the set of companies the age trim walks.
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();
        await store.Append([HistoryStoreContract.Point("KEYS", 1, DateTimeOffset.UtcNow), HistoryStoreContract.Point("KEYS", 2, DateTimeOffset.UtcNow)]);
        Assert.Equal(2, await db.SortedSetLengthAsync("riskgrains/history/KEYS"));
        Assert.True(await db.SetContainsAsync("riskgrains/history-companies", "KEYS"));
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using RiskGrains.Model;

namespace RiskGrains.Grains.Tests;

/// <summary>The retention of <see cref="HistoryWriter"/>: by count per company and by age, in the background.</summary>
public sealed class HistoryRetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static HistoryPoint Point(string company, ulong version, DateTimeOffset time) =>
        new(company, version, time, ChangeCause.Financials, 10, Band.Low, null, null, null, null, "");

    [Fact]
    public async Task Trimming_keeps_the_newest_points_per_company_and_none_older_than_the_retention()
    {
        var store = new MemoryHistoryStore();
        var options = new HistoryOptions { HistoryMaxPoints = 3, HistoryRetention = TimeSpan.FromDays(30), HistoryTrimInterval = TimeSpan.FromDays(1) };
        await using var writer = new HistoryWriter(store, options, new FixedClock(Now), NullLogger.Instance);

        // A: five recent points; B: two points, one 31 days old.
        await writer.Store([.. Enumerable.Range(1, 5).Select(v => Point("A", (ulong)v, Now.AddMinutes(v - 10)))]);
        await writer.Store([Point("B", 1, Now.AddDays(-31)), Point("B", 2, Now.AddDays(-29))]);

        Assert.Equal(3, await writer.Trim());

        Assert.Equal([3UL, 4, 5], (await store.Read("A", null, null)).Select(p => p.Version));
        Assert.Equal([2UL], (await store.Read("B", null, null)).Select(p => p.Version));
    }

    [Fact]
    public async Task The_retention_is_applied_in_the_background_every_trim_interval()
    {
        var store = new MemoryHistoryStore();
        var options = new HistoryOptions { HistoryMaxPoints = 2, HistoryTrimInterval = TimeSpan.FromMilliseconds(200) };
        await using var writer = new HistoryWriter(store, options, TimeProvider.System, NullLogger.Instance);

        foreach (var v in Enumerable.Range(1, 6))
        {
            writer.Enqueue(Point("C", (ulong)v, DateTimeOffset.UtcNow));
        }

        await writer.Flush();
        var kept = await Eventually.Returns(() => store.Read("C", null, null), points => points.Count == 2);
        Assert.Equal([5UL, 6], kept.Select(p => p.Version));
    }

    [Fact]
    public async Task A_clean_stop_writes_every_queued_market_point()
    {
        var store = new MemoryHistoryStore();
        var writer = new HistoryWriter(store, new HistoryOptions(), TimeProvider.System, NullLogger.Instance);
        foreach (var v in Enumerable.Range(1, 2_000))
        {
            writer.Enqueue(Point("D" + (v % 7), (ulong)v, DateTimeOffset.UtcNow));
        }

        await writer.DisposeAsync();

        Assert.Equal(2_000, store.Appends.Sum(a => a.Length));
        Assert.Equal(2_000, (await Task.WhenAll(Enumerable.Range(0, 7).Select(k => store.Read("D" + k, null, null)))).Sum(p => p.Count));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

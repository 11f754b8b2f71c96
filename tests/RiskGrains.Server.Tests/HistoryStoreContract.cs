using RiskGrains.Grains;
using ChangeCause = RiskGrains.Grains.ChangeCause;
using ModelBand = RiskGrains.Model.Band;

namespace RiskGrains.Server.Tests;

/// <summary>What every <see cref="IHistoryStore"/> must do, checked on SQLite and on Redis alike.</summary>
internal static class HistoryStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static HistoryPoint Point(string company, ulong version, DateTimeOffset time, double score = 25) =>
        new(company, version, time, ChangeCause.Financials, score, ModelBand.Moderate, 1.5, 18, 3.25, 0.0125, "desk-1");

    /// <summary>Points of several companies in one append, read back by range and in version order; a repeated append keeps one copy.</summary>
    public static async Task AppendsAndReadsRanges(IHistoryStore store)
    {
        var (a, b) = (Requests.NewCompanyId("HA"), Requests.NewCompanyId("HB"));
        HistoryPoint[] points = [Point(a, 1, T0), Point(b, 1, T0), Point(a, 2, T0.AddMinutes(1).AddTicks(5)), Point(a, 3, T0.AddMinutes(2))];
        await store.Append(points);
        await store.Append([points[2]]);

        Assert.Equal([points[0], points[2], points[3]], await store.Read(a, null, null));
        Assert.Equal([points[1]], await store.Read(b, null, null));

        // [from, to): the start included to the tick, the end excluded.
        Assert.Equal([points[2]], await store.Read(a, T0.AddMinutes(1).AddTicks(5), T0.AddMinutes(2)));
        Assert.Equal([points[3]], await store.Read(a, T0.AddMinutes(1).AddTicks(6), null));
        Assert.Empty(await store.Read(Requests.NewCompanyId("HNONE"), null, null));
    }

    /// <summary>Trimming keeps the newest points of the named companies and removes every company's points older than the cutoff.</summary>
    public static async Task TrimsByCountAndAge(IHistoryStore store)
    {
        var (a, b) = (Requests.NewCompanyId("HTA"), Requests.NewCompanyId("HTB"));
        var now = DateTimeOffset.UtcNow;
        await store.Append([.. Enumerable.Range(1, 6).Select(v => Point(a, (ulong)v, now.AddMinutes(v - 10)))]);
        await store.Append([Point(b, 1, now.AddDays(-400)), Point(b, 2, now.AddDays(-1))]);

        var removed = await store.Trim([a], maxPointsPerCompany: 4, olderThan: now.AddDays(-365));

        Assert.True(removed >= 3, $"removed {removed}");
        Assert.Equal([3UL, 4, 5, 6], (await store.Read(a, null, null)).Select(p => p.Version));
        Assert.Equal([2UL], (await store.Read(b, null, null)).Select(p => p.Version));
    }
}

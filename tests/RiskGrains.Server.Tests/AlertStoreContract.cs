using RiskGrains.Grains;

namespace RiskGrains.Server.Tests;

/// <summary>What every <see cref="IAlertEventStore"/> must do, checked on SQLite and on Redis alike.</summary>
internal static class AlertStoreContract
{
    public static AlertEvent Firing(string rule, string company, ulong version, DateTimeOffset time, double value = 0.5) =>
        new(0, rule, company, "liquidity_coverage_12m", value, 1, version, "4bf92f3577b34da6a3ce929d0e0e4736", time);

    /// <summary>A firing gets the next sequence and is read back whole; sent again before a re-arm it is not stored twice.</summary>
    public static async Task FiresOncePerEdgeInSequenceOrder(IAlertEventStore store)
    {
        var (rule, a, b) = ("R-" + Requests.NewCompanyId(), Requests.NewCompanyId("AA"), Requests.NewCompanyId("AB"));
        var now = DateTimeOffset.UtcNow;
        var before = await store.LastSequence();

        var first = await store.Fire(Firing(rule, a, 3, now), revision: 1);
        var retried = await store.Fire(Firing(rule, a, 3, now), revision: 1);
        var stale = await store.Fire(Firing(rule, a, 4, now), revision: 0);
        var other = await store.Fire(Firing(rule, b, 9, now.AddSeconds(1), value: 0.25), revision: 1);

        Assert.Equal(Firing(rule, a, 3, now) with { Sequence = before + 1 }, first);
        Assert.Null(retried);
        Assert.Null(stale);
        Assert.Equal(before + 2, other!.Sequence);
        Assert.Equal(before + 2, await store.LastSequence());
        Assert.Equal([first!, other], await store.Read(before, max: 10));
        Assert.Equal([other], await store.Read(before + 1, max: 10));
        Assert.Equal([first!], await store.Read(before, max: 1));

        // Re-armed under an older revision: the mark stays. Under its own: cleared, and the next entry fires.
        await store.Rearm(rule, a, revision: 0);
        Assert.Null(await store.Fire(Firing(rule, a, 5, now), revision: 1));
        await store.Rearm(rule, a, revision: 1);
        var again = await store.Fire(Firing(rule, a, 6, now), revision: 1);
        Assert.Equal(before + 3, again!.Sequence);

        // A rule changed since (a newer revision) fires without a re-arm.
        var revised = await store.Fire(Firing(rule, a, 7, now), revision: 2);
        Assert.Equal(before + 4, revised!.Sequence);
    }

    /// <summary>Retention keeps the newest alerts and removes the old ones; a sequence is never given again.</summary>
    public static async Task TrimsByCountAndAgeAndNeverReusesASequence(IAlertEventStore store)
    {
        var rule = "T-" + Requests.NewCompanyId();
        var now = DateTimeOffset.UtcNow;
        var before = await store.LastSequence();
        var stored = new List<AlertEvent>();
        for (var i = 0; i < 6; i++)
        {
            // The first two are a year old.
            stored.Add((await store.Fire(Firing(rule, $"C{i}", 1, i < 2 ? now.AddDays(-365) : now.AddMinutes(i)), revision: 1))!);
        }

        await store.Trim(maxEvents: 1_000, olderThan: now.AddDays(-30));
        Assert.Equal(stored[2..], await store.Read(before, max: 100));

        await store.Trim(maxEvents: 2, olderThan: now.AddDays(-30));
        Assert.Equal(stored[4..], await store.Read(0, max: 100));

        await store.Trim(maxEvents: 1, olderThan: now.AddDays(1));
        Assert.Empty(await store.Read(0, max: 100));
        Assert.Equal(before + 6, await store.LastSequence());
        var next = await store.Fire(Firing(rule, "C9", 1, now), revision: 1);
        Assert.Equal(before + 7, next!.Sequence);
    }
}

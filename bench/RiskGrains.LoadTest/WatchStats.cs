using System.Text.Json.Nodes;

namespace RiskGrains.LoadTest;

/// <summary>What the watchers saw during one phase (thread-safe).</summary>
internal sealed class WatchStats
{
    private long _updates;
    private long _snapshots;
    private long _conflated;
    private long _regressions;
    private long _withoutMarketAsOf;
    private long _lastArrivalTicks = Environment.TickCount64;

    public LatencyHistogram Delays { get; } = new();

    public long Updates => Interlocked.Read(ref _updates);

    public long Snapshots => Interlocked.Read(ref _snapshots);

    /// <summary>Milliseconds since the last message reached any watcher.</summary>
    public long QuietMs => Environment.TickCount64 - Interlocked.Read(ref _lastArrivalTicks);

    public void Arrived() => Interlocked.Exchange(ref _lastArrivalTicks, Environment.TickCount64);

    public void Snapshot() => Interlocked.Increment(ref _snapshots);

    public void Update(long? delayMicros)
    {
        Interlocked.Increment(ref _updates);
        if (delayMicros is { } d)
        {
            Delays.Record(d);
        }
        else
        {
            Interlocked.Increment(ref _withoutMarketAsOf);
        }
    }

    /// <summary>Versions a watcher never saw between two it did (the server's conflation).</summary>
    public void Skipped(ulong versions) => Interlocked.Add(ref _conflated, (long)versions);

    /// <summary>A version not newer than one already seen for the company: must never happen.</summary>
    public void Regressed() => Interlocked.Increment(ref _regressions);

    public void WriteTo(JsonObject json)
    {
        json["p50_ms"] = Round(Delays.PercentileMs(50));
        json["p90_ms"] = Round(Delays.PercentileMs(90));
        json["p99_ms"] = Round(Delays.PercentileMs(99));
        json["p999_ms"] = Round(Delays.PercentileMs(99.9));
        json["max_ms"] = Delays.Count == 0 ? null : Round(Delays.MaxMs);
        json["mean_ms"] = Delays.Count == 0 ? null : Round(Delays.MeanMs);
        json["updates_received"] = Updates;
        json["delay_samples"] = Delays.Count;
        json["conflated"] = Interlocked.Read(ref _conflated);
        json["version_regressions"] = Interlocked.Read(ref _regressions);
        json["updates_without_market_as_of"] = Interlocked.Read(ref _withoutMarketAsOf);
        json["negative_delays"] = Delays.Negative;
        json["snapshots_received"] = Interlocked.Read(ref _snapshots);
    }

    private static double? Round(double? ms) => ms is { } v ? Math.Round(v, 3) : null;
}

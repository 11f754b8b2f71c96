using System.Diagnostics.Metrics;
using RiskGrains.Grains;

namespace RiskGrains.Server.Watch;

internal static class WatchMetrics
{
    public static readonly Counter<long> Conflated = RiskGrainsDiagnostics.Meter.CreateCounter<long>(
        "riskgrains.watch.conflated", description: "Updates replaced by a newer one before a slow client read them");

    public static readonly UpDownCounter<long> Streams = RiskGrainsDiagnostics.Meter.CreateUpDownCounter<long>(
        "riskgrains.watch.streams", description: "Open watch streams on this silo");
}

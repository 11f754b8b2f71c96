using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RiskGrains.Grains;

/// <summary>The one ActivitySource and Meter of the service (ARCHITECTURE: Observability).</summary>
public static class RiskGrainsDiagnostics
{
    public const string Name = "RiskGrains";

    public static readonly ActivitySource ActivitySource = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> WritesApplied = Meter.CreateCounter<long>("riskgrains.writes.applied", description: "Writes that produced a new version");
    public static readonly Counter<long> WritesIgnored = Meter.CreateCounter<long>("riskgrains.writes.ignored", description: "Stale or duplicate writes that changed nothing");
    public static readonly Histogram<double> RecomputeDuration = Meter.CreateHistogram<double>("riskgrains.recompute.duration", unit: "us", description: "Time of one model evaluation");
}

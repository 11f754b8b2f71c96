using System.Diagnostics.Metrics;

namespace RiskGrains.Grains;

/// <summary>The alert path's meters (docs/operations.md, Alerts).</summary>
public static class AlertMetrics
{
    public static readonly Counter<long> Fired = RiskGrainsDiagnostics.Meter.CreateCounter<long>("riskgrains.alerts.fired", description: "Alerts stored in the log");
    public static readonly Counter<long> Evaluated = RiskGrainsDiagnostics.Meter.CreateCounter<long>("riskgrains.alerts.evaluated", description: "Rule evaluations of a company's new version");
}

using System.Diagnostics.Metrics;

namespace RiskGrains.Grains;

/// <summary>The portfolio grains' meters (docs/operations.md, traces and metrics).</summary>
public static class PortfolioMetrics
{
    public static readonly Histogram<double> MemberUpdateDuration = RiskGrainsDiagnostics.Meter.CreateHistogram<double>(
        "riskgrains.portfolio.member_update.duration", unit: "us", description: "Time a portfolio grain takes to fold one member's new risk into its figures");

    public static readonly Histogram<double> ComposeDuration = RiskGrainsDiagnostics.Meter.CreateHistogram<double>(
        "riskgrains.portfolio.compose.duration", unit: "us", description: "Time to compose a portfolio's figures with every position, for readers and watchers");
}

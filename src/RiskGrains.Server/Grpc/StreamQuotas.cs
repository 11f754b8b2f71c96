using RiskGrains.Server.Hosting;

namespace RiskGrains.Server.Grpc;

/// <summary>The stream quotas of this server: Ingest, WatchRisk, WatchPortfolio and WatchAlerts, each in total and per caller.</summary>
internal sealed class StreamQuotas(LimitsOptions limits)
{
    public StreamQuota Ingest { get; } = new(
        "Ingest",
        limits.MaxIngestStreams,
        nameof(LimitsOptions.MaxIngestStreams),
        limits.MaxIngestStreamsPerPrincipal,
        nameof(LimitsOptions.MaxIngestStreamsPerPrincipal));

    public StreamQuota Watch { get; } = new(
        "WatchRisk",
        limits.MaxWatchStreams,
        nameof(LimitsOptions.MaxWatchStreams),
        limits.MaxWatchStreamsPerPrincipal,
        nameof(LimitsOptions.MaxWatchStreamsPerPrincipal));

    public StreamQuota PortfolioWatch { get; } = new(
        "WatchPortfolio",
        limits.MaxPortfolioWatchStreams,
        nameof(LimitsOptions.MaxPortfolioWatchStreams),
        limits.MaxPortfolioWatchStreamsPerPrincipal,
        nameof(LimitsOptions.MaxPortfolioWatchStreamsPerPrincipal));

    public StreamQuota AlertWatch { get; } = new(
        "WatchAlerts",
        limits.MaxAlertWatchStreams,
        nameof(LimitsOptions.MaxAlertWatchStreams),
        limits.MaxAlertWatchStreamsPerPrincipal,
        nameof(LimitsOptions.MaxAlertWatchStreamsPerPrincipal));
}

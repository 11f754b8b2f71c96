namespace RiskGrains.Server.Tests;

/// <summary>
/// A service with small limits, so that a test reaches each bound in a few calls: three commitments per
/// company, two streams of each kind per caller and three in all, two seconds of Ingest idleness.
/// </summary>
public sealed class LimitedService : IAsyncLifetime
{
    public static readonly TimeSpan IngestIdleTimeout = TimeSpan.FromSeconds(2);

    public ServiceHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ServiceHost.StartAsync(
        loadSampleData: false,
        dataDir: null,
        "--RiskGrains:Limits:MaxCommitmentsPerCompany", "3",
        "--RiskGrains:Limits:IngestIdleTimeout", IngestIdleTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        "--RiskGrains:Limits:MaxIngestStreams", "3",
        "--RiskGrains:Limits:MaxIngestStreamsPerPrincipal", "2",
        "--RiskGrains:Limits:MaxWatchStreams", "3",
        "--RiskGrains:Limits:MaxWatchStreamsPerPrincipal", "2");

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

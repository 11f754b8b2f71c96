using RiskGrains.Server.Tests;

namespace RiskGrains.Client.Tests;

/// <summary>A service in ApiKey mode whose callers may write once a second, without a burst; each test writes as a caller of its own.</summary>
public sealed class RateLimitedService : IAsyncLifetime
{
    internal KeyFile Keys { get; } = new(("patient", "writer"), ("hasty", "writer"));

    public ServiceHost Host { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Host = await ServiceHost.StartAsync(
            loadSampleData: false,
            dataDir: null,
            [.. Keys.Settings, "--RiskGrains:Limits:WriteRatePerSecond", "1", "--RiskGrains:Limits:WriteBurst", "1"]);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

namespace RiskGrains.Server.Tests;

/// <summary>One service shared by the tests of a collection; each test uses its own company ids.</summary>
public sealed class SharedService : IAsyncLifetime
{
    public ServiceHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ServiceHost.StartAsync(loadSampleData: true);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

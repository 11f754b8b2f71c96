using RiskGrains.Server.Tests;

namespace RiskGrains.Cli.Tests;

/// <summary>One service in process (real gRPC over HTTP/2, the sample data loaded) shared by the command tests.</summary>
public sealed class CliService : IAsyncLifetime
{
    public const string Name = "cli service";

    public ServiceHost Host { get; private set; } = null!;

    public string Address => Host.Address.ToString().TrimEnd('/');

    public async Task InitializeAsync() => Host = await ServiceHost.StartAsync(loadSampleData: true);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(CliService.Name)]
public sealed class CliServiceCollection : ICollectionFixture<CliService>;

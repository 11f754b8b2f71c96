using RiskGrains.Client;

namespace RiskGrains.Cli;

/// <summary>One command's way to the service: the client library, with timeouts fit for a person at a terminal.</summary>
public sealed class Connection : IDisposable
{
    public Connection(GlobalSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Address = new Uri(settings.ServerAddress);
        Client = new RiskGrainsClient(new RiskGrainsClientOptions
        {
            Address = Address,
            ApiKey = settings.ApiKeyInForce,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            CallTimeout = TimeSpan.FromSeconds(30),
            // A person waits at the terminal: a server that is down is said so within seconds.
            Retry = new BackoffOptions { MaxAttempts = 3, InitialDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(1) },
            Reconnect = new BackoffOptions { InitialDelay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(5) },
        });
    }

    public Uri Address { get; }

    public RiskGrainsClient Client { get; }

    /// <summary>
    /// One cheap read, so that a watch, which reconnects for as long as it runs, starts only against a server that
    /// answers: an unreachable one or a refused key ends the command at once with its one-line error.
    /// </summary>
    public Task ProbeAsync(CancellationToken cancellationToken) =>
        Client.ListCompaniesAsync(new Contract.V1.ListCompaniesRequest { PageSize = 1 }, cancellationToken: cancellationToken);

    public void Dispose() => Client.Dispose();
}

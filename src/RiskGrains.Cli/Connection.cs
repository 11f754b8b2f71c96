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

    public void Dispose() => Client.Dispose();
}

using Grpc.Core;
using Grpc.Net.Client;
using RiskGrains.Client;
using RiskGrains.Contract.V1;

namespace RiskGrains.Cli;

/// <summary>
/// One command's way to the service: the client library for what it offers (reads, writes, the watch that reconnects
/// and resumes), and generated clients on a channel of the same address for the rest (history, portfolios).
/// </summary>
public sealed class Connection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Metadata _headers = [];

    public Connection(GlobalSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Address = new Uri(settings.ServerAddress);
        var key = settings.ApiKeyInForce;
        Client = new RiskGrainsClient(new RiskGrainsClientOptions
        {
            Address = Address,
            ApiKey = key,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            CallTimeout = TimeSpan.FromSeconds(30),
            // A person waits at the terminal: a server that is down is said so within seconds.
            Retry = new BackoffOptions { MaxAttempts = 3, InitialDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(1) },
            Reconnect = new BackoffOptions { InitialDelay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(5) },
        });
        _channel = GrpcChannel.ForAddress(Address);
        if (key is not null)
        {
            _headers.Add("authorization", $"Bearer {key}");
        }

        Risk = new RiskService.RiskServiceClient(_channel);
        Portfolios = new PortfolioService.PortfolioServiceClient(_channel);
    }

    public Uri Address { get; }

    public RiskGrainsClient Client { get; }

    /// <summary>The generated client, for the RPCs the client library has no method of (GetHistory).</summary>
    public RiskService.RiskServiceClient Risk { get; }

    public PortfolioService.PortfolioServiceClient Portfolios { get; }

    /// <summary>Call options with the credentials and a deadline (none for a stream).</summary>
    public CallOptions Call(CancellationToken cancellationToken, bool stream = false) =>
        new(_headers, stream ? null : DateTime.UtcNow.AddSeconds(30), cancellationToken);

    public void Dispose()
    {
        Client.Dispose();
        _channel.Dispose();
    }
}

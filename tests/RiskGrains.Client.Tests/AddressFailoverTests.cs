using System.Net;
using System.Net.Sockets;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Tests;

namespace RiskGrains.Client.Tests;

/// <summary>Several addresses: a call or a watch whose server is unreachable goes on with the next one, and later calls stay there.</summary>
public sealed class AddressFailoverTests(ApiKeyService service) : IClassFixture<ApiKeyService>, IDisposable
{
    private readonly ClientLog _log = new();

    public void Dispose() => _log.Dispose();

    [Fact]
    public async Task A_call_whose_first_address_refuses_connections_is_answered_by_the_next_and_later_calls_stay_there()
    {
        using var client = new RiskGrainsClient(Options(), _log.Factory);

        var first = await client.GetRiskAsync(service.CompanyId);
        var retriesAfterFirst = _log.Retries.Count;
        var second = await client.GetRiskAsync(service.CompanyId);

        Assert.Equal((service.CompanyId, service.CompanyId), (first.CompanyId, second.CompanyId));
        Assert.Equal(1, retriesAfterFirst);
        var retry = Assert.Single(_log.Retries);
        Assert.Contains("Unavailable", retry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watch_whose_first_address_refuses_connections_starts_on_the_next()
    {
        using var client = new RiskGrainsClient(Options(), _log.Factory);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var first = await client.WatchAsync([service.CompanyId], cancellationToken: cancel.Token).FirstAsync(cancel.Token);

        Assert.Equal((service.CompanyId, ChangeCause.Snapshot), (first.Risk.CompanyId, first.Cause));
        Assert.Single(_log.Reconnections);
    }

    private RiskGrainsClientOptions Options() => new()
    {
        Address = new Uri($"http://127.0.0.1:{UnusedPort()}"),
        Addresses = { service.Host.Address },
        ApiKey = service.Keys[ApiKeyService.Reader],
    };

    /// <summary>A port nothing listens on: bound for a moment, then released.</summary>
    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

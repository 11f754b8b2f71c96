using Microsoft.Extensions.Logging;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>A client that goes away from a watch is no error of the server's.</summary>
[Collection(SharedServiceCollection.Name)]
public sealed class WatchCancellationTests(SharedService service)
{
    [Fact]
    public async Task A_client_cancelling_a_watch_leaves_no_error_in_the_server_log()
    {
        var host = service.Host;
        var id = Requests.NewCompanyId("WC");
        await Requests.CreateAsync(host.Client, id);
        var since = DateTime.UtcNow;
        var logged = host.Logs.Count;

        // Cancelled by its token once the snapshot arrived.
        using (var cancel = new CancellationTokenSource())
        {
            using var watch = host.Client.WatchRisk(new WatchRiskRequest { CompanyIds = { id } }, cancellationToken: cancel.Token);
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
            await cancel.CancelAsync();
        }

        // Dropped unread while updates stream to it.
        using (var watch = host.Client.WatchRisk(new WatchRiskRequest { CompanyIds = { id } }))
        {
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
            var start = DateTimeOffset.UtcNow;
            for (var i = 1; i <= 20; i++)
            {
                await host.Client.PublishMarketDataAsync(Requests.Tick(id, start.AddMilliseconds(i), 1000 + i));
            }
        }

        Assert.True(await host.CallsEnded("/riskgrains.v1.RiskService/WatchRisk", since, count: 2));
        var entries = host.Logs.Since(logged);
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(entries, e => e.Exception is not null);
    }
}

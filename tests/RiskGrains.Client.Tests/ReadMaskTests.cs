using RiskGrains.Contract.V1;
using RiskGrains.Server.Tests;

namespace RiskGrains.Client.Tests;

/// <summary>A watch's read mask: the RPC passes it through, and a reconnecting watch asks every server it reaches for the same fields.</summary>
public sealed class ReadMaskTests : IDisposable
{
    private readonly ClientLog _log = new();

    public void Dispose() => _log.Dispose();

    [Fact]
    public async Task WatchRisk_passes_the_read_mask_of_its_request()
    {
        await using var host = await ServiceHost.StartAsync(loadSampleData: false);
        var id = Requests.NewCompanyId("RW");
        await Requests.CreateAsync(host.Client, id);
        var current = (await host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
        using var client = new RiskGrainsClient(new RiskGrainsClientOptions { Address = host.Address }, _log.Factory);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var first = await client.WatchRiskAsync(new WatchRiskRequest { CompanyIds = { id }, ReadMask = new() { Paths = { "score", "band" } } }, cancel.Token).FirstAsync(cancel.Token);

        Assert.Equal(ScoreAndBandOf(current), first.Risk);
    }

    [Fact]
    public async Task Watch_sends_its_read_mask_again_when_it_reconnects_to_another_server()
    {
        var first = await ServiceHost.StartAsync(loadSampleData: false);
        var firstStopped = false;
        await using var second = await ServiceHost.StartAsync(loadSampleData: false);
        try
        {
            // The same company on both servers, one version ahead on the second: it answers the resumed watch with its state.
            var id = Requests.NewCompanyId("RM");
            await Requests.CreateAsync(first.Client, id);
            await Requests.CreateAsync(second.Client, id);
            await second.Client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow.AddSeconds(-1)));
            var onFirst = (await first.Client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
            var onSecond = (await second.Client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
            using var client = new RiskGrainsClient(
                new RiskGrainsClientOptions
                {
                    Address = first.Address,
                    Addresses = { second.Address },
                    Reconnect = new BackoffOptions { InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(200) },
                },
                _log.Factory);
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await using var watch = client.WatchAsync([id], readMask: ["score", "band"], cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);
            Assert.True(await watch.MoveNextAsync());
            var before = watch.Current;

            // The first server stops: its watch ends with UNAVAILABLE, then its address refuses connections.
            firstStopped = true;
            await first.DisposeAsync();
            Assert.True(await watch.MoveNextAsync());
            var after = watch.Current;

            Assert.Equal((ScoreAndBandOf(onFirst), ChangeCause.Snapshot), (before.Risk, before.Cause));
            Assert.Equal((ScoreAndBandOf(onSecond), ChangeCause.Snapshot), (after.Risk, after.Cause));
            Assert.NotEmpty(_log.Reconnections);
        }
        finally
        {
            if (!firstStopped)
            {
                await first.DisposeAsync();
            }
        }
    }

    private static CompanyRisk ScoreAndBandOf(CompanyRisk risk) => new() { CompanyId = risk.CompanyId, Version = risk.Version, Score = risk.Score, Band = risk.Band };
}

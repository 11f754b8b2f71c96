using Grpc.Core;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>A watch opened right after another on the same company was cancelled misses nothing.</summary>
[Collection(SharedServiceCollection.Name)]
public sealed class WatchResubscribeTests(SharedService service)
{
    private const int Trials = 1_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Watching_again_at_once_after_a_cancelled_watch_receives_the_next_tick_in_every_one_of_1000_trials()
    {
        var client = service.Host.Client;
        var id = Requests.NewCompanyId("RS");
        await Requests.CreateAsync(client, id);
        var asOf = DateTimeOffset.UtcNow;
        var missed = new List<int>();
        for (var trial = 0; trial < Trials; trial++)
        {
            using (var first = client.WatchRisk(new WatchRiskRequest { CompanyIds = { id } }))
            {
                Assert.True(await first.ResponseStream.MoveNext(CancellationToken.None));
            }

            using var cancel = new CancellationTokenSource(Patience);
            using var second = client.WatchRisk(new WatchRiskRequest { CompanyIds = { id } }, cancellationToken: cancel.Token);
            Assert.True(await second.ResponseStream.MoveNext(cancel.Token));
            var tick = await client.PublishMarketDataAsync(Requests.Tick(id, asOf.AddMilliseconds(trial + 1), 1_000 + trial));
            try
            {
                do
                {
                    Assert.True(await second.ResponseStream.MoveNext(cancel.Token));
                }
                while (second.ResponseStream.Current.Update.Risk.Version < tick.Version);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
            {
                missed.Add(trial);
            }
        }

        Assert.True(missed.Count == 0, $"{missed.Count} of {Trials} trials received nothing within {Patience.TotalSeconds} s: {string.Join(", ", missed.Take(20))}");
    }
}

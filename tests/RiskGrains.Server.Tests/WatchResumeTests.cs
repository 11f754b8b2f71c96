using Grpc.Core;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>A watch resumed with the versions the client holds resends nothing it already has.</summary>
[Collection(SharedServiceCollection.Name)]
public sealed class WatchResumeTests(SharedService service)
{
    private readonly RiskService.RiskServiceClient _client = service.Host.Client;

    [Fact]
    public async Task A_resumed_watch_sends_only_what_changed_since_the_versions_held_and_then_every_change()
    {
        var (a, b) = (Requests.NewCompanyId("RA"), Requests.NewCompanyId("RB"));
        await Requests.CreateAsync(_client, a);
        await Requests.CreateAsync(_client, b);
        var held = new Dictionary<string, ulong>();
        using (var first = _client.WatchRisk(new WatchRiskRequest { CompanyIds = { a, b } }))
        {
            for (var i = 0; i < 2; i++)
            {
                Assert.True(await first.ResponseStream.MoveNext(CancellationToken.None));
                held[first.ResponseStream.Current.Update.Risk.CompanyId] = first.ResponseStream.Current.Update.Risk.Version;
            }
        }

        var moved = await _client.PublishMarketDataAsync(Requests.Tick(a, DateTimeOffset.UtcNow));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var resumed = _client.WatchRisk(new WatchRiskRequest { CompanyIds = { a, b }, ResumeVersions = { held } }, cancellationToken: cancel.Token);
        Assert.True(await resumed.ResponseStream.MoveNext(cancel.Token));
        var catchUp = resumed.ResponseStream.Current.Update;
        var ticked = await _client.PublishMarketDataAsync(Requests.Tick(b, DateTimeOffset.UtcNow));
        Assert.True(await resumed.ResponseStream.MoveNext(cancel.Token));
        var next = resumed.ResponseStream.Current.Update;

        Assert.Equal((a, moved.Version, ChangeCause.Snapshot), (catchUp.Risk.CompanyId, catchUp.Risk.Version, catchUp.Cause));
        Assert.Equal((b, ticked.Version, ChangeCause.Market), (next.Risk.CompanyId, next.Risk.Version, next.Cause));
        Assert.Equal(held[b] + 1, ticked.Version);
    }

    [Fact]
    public async Task A_resume_version_of_a_company_not_watched_is_invalid()
    {
        var id = Requests.NewCompanyId("RC");
        await Requests.CreateAsync(_client, id);
        using var watch = _client.WatchRisk(new WatchRiskRequest { CompanyIds = { id }, ResumeVersions = { ["OTHER"] = 3 } });

        var error = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("resume_versions names 'OTHER', which company_ids does not", error.Status.Detail);
    }
}

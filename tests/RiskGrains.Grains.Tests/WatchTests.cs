using System.Threading.Channels;
using static RiskGrains.Grains.Tests.TestData;

namespace RiskGrains.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class WatchTests(ClusterFixture fixture)
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_subscriber_gets_the_current_snapshot_then_each_new_version_until_it_unsubscribes()
    {
        var id = NewCompanyId("watch");
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        await company.UpsertProfile(Profile(id));
        await company.ReportFinancials(Batch(Quarter(QuarterEnd(0))));
        var observer = new RecordingObserver();
        var reference = fixture.Cluster.Client.CreateObjectReference<IRiskObserver>(observer);

        var current = await company.Subscribe(reference);
        // A silo refreshes its subscription periodically; a refresh must not double the notifications.
        var refreshed = await company.Subscribe(reference);

        Assert.NotNull(current);
        Assert.Equal(2UL, current.Version);
        Assert.Equal(ChangeCause.Financials, current.Cause);
        Assert.Equal(current.Version, refreshed!.Version);

        await company.UpsertCommitment(Commitment("c1", 75, QuarterEnd(2)));
        await company.PublishMarketData(Tick(DateTimeOffset.UtcNow));
        await company.ReportFinancials(Batch(Quarter(QuarterEnd(1))));

        // One-way notifications may arrive out of order; the version tells the receiver which is newest.
        var pushed = new[]
        {
            await observer.Next(DeliveryTimeout),
            await observer.Next(DeliveryTimeout),
            await observer.Next(DeliveryTimeout),
        }.OrderBy(s => s.Version).ToArray();
        Assert.Equal([3UL, 4UL, 5UL], pushed.Select(s => s.Version));
        Assert.Equal([ChangeCause.Commitment, ChangeCause.Market, ChangeCause.Financials], pushed.Select(s => s.Cause));
        Assert.All(pushed, s => Assert.Equal(id, s.CompanyId));
        Assert.Equal(1, pushed[0].Assessment.Commitments);
        Assert.True(pushed[1].Assessment.HasMarketData);
        Assert.Equal(QuarterEnd(1), pushed[2].Assessment.T0);
        var latest = await company.GetRisk();
        Assert.Equal((latest!.Version, latest.AsOf, latest.Assessment.Score), (pushed[2].Version, pushed[2].AsOf, pushed[2].Assessment.Score));

        await company.Unsubscribe(reference);
        var afterUnsubscribe = await company.RemoveCommitment("c1");
        Assert.Equal(new WriteResult(6, Applied: true), afterUnsubscribe);

        // A marker: subscribed again, the next write comes down the same path from the same grain,
        // behind anything the grain still sent for version 6, so it must be the next one to arrive.
        await company.Subscribe(reference);
        var marker = await company.UpsertCommitment(Commitment("marker", 1, QuarterEnd(2)));
        Assert.Equal(marker.Version, (await observer.Next(DeliveryTimeout)).Version);
        Assert.Empty(observer.Drain());
        await company.Unsubscribe(reference);
        fixture.Cluster.Client.DeleteObjectReference<IRiskObserver>(reference);
        GC.KeepAlive(observer);
    }

    [Fact]
    public async Task Ignored_writes_notify_nobody()
    {
        var id = NewCompanyId("watchquiet");
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        await company.UpsertProfile(Profile(id));
        var observer = new RecordingObserver();
        var reference = fixture.Cluster.Client.CreateObjectReference<IRiskObserver>(observer);
        await company.Subscribe(reference);

        Assert.False((await company.UpsertProfile(Profile(id))).Applied);
        Assert.False((await company.RemoveCommitment("none")).Applied);

        // A marker: an applied write, sent behind any notification of the ignored ones, is the next to arrive.
        var marker = await company.UpsertProfile(Profile(id, "Marker"));
        Assert.Equal(marker.Version, (await observer.Next(DeliveryTimeout)).Version);
        Assert.Empty(observer.Drain());
        await company.Unsubscribe(reference);
        fixture.Cluster.Client.DeleteObjectReference<IRiskObserver>(reference);
        GC.KeepAlive(observer);
    }

    [Fact]
    public async Task Subscribing_to_a_company_before_it_exists_returns_null_and_then_delivers_its_first_version()
    {
        var id = NewCompanyId("watchnew");
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        var observer = new RecordingObserver();
        var reference = fixture.Cluster.Client.CreateObjectReference<IRiskObserver>(observer);

        var current = await company.Subscribe(reference);
        Assert.Null(current);

        await company.UpsertProfile(Profile(id));
        var first = await observer.Next(DeliveryTimeout);
        Assert.Equal(1UL, first.Version);
        Assert.Equal(ChangeCause.Profile, first.Cause);
        Assert.Equal(id, first.Profile.Id);

        await company.Unsubscribe(reference);
        fixture.Cluster.Client.DeleteObjectReference<IRiskObserver>(reference);
        GC.KeepAlive(observer);
    }

    private sealed class RecordingObserver : IRiskObserver
    {
        private readonly Channel<RiskSnapshot> _received = Channel.CreateUnbounded<RiskSnapshot>();

        public Task OnRiskChanged(RiskSnapshot snapshot)
        {
            _received.Writer.TryWrite(snapshot);
            return Task.CompletedTask;
        }

        public async Task<RiskSnapshot> Next(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            return await _received.Reader.ReadAsync(cancel.Token);
        }

        public List<RiskSnapshot> Drain()
        {
            var rest = new List<RiskSnapshot>();
            while (_received.Reader.TryRead(out var snapshot))
            {
                rest.Add(snapshot);
            }

            return rest;
        }
    }
}

using Microsoft.Extensions.Options;
using RiskGrains.Grains;

namespace RiskGrains.Server.Watch;

/// <summary>
/// This silo's fan-out point for WatchRisk (docs/architecture.md, the push path). It subscribes once to
/// each company that has local watchers, so a grain's work per update is one call per silo, and hands
/// each update to every local watch stream's conflating queue.
/// </summary>
internal sealed class WatchHub : SubscriptionHub<WatchStream, RiskSnapshot>, IRiskObserver
{
    private readonly IGrainFactory _grains;
    private IRiskObserver? _self;

    public WatchHub(IGrainFactory grains, IClusterMembershipService membership, IHostApplicationLifetime lifetime, IOptions<WatchOptions> options, ILogger<WatchHub> logger)
        : base(membership, lifetime, options.Value.WatchRefreshInterval, logger)
    {
        _grains = grains;
    }

    protected override string Kind => "company";

    private IRiskObserver Self => _self ??= _grains.CreateObjectReference<IRiskObserver>(this);

    /// <summary>Attaches a stream to each of its companies and queues each current snapshot; returns the unknown companies.</summary>
    public async Task<IReadOnlyList<string>> Attach(WatchStream stream)
    {
        var pending = Register(stream, stream.CompanyIds);
        WatchMetrics.Streams.Add(1);
        var unknown = new List<string>();
        foreach (var (id, current) in pending)
        {
            var snapshot = await current;
            if (snapshot is null)
            {
                unknown.Add(id);
                continue;
            }

            // The first message of a company says it is the current state, not a change.
            stream.Offer(snapshot with { Cause = ChangeCause.Snapshot });
        }

        return unknown;
    }

    /// <summary>Releases everything the stream held; a company with no local watcher left is unsubscribed.</summary>
    public void Detach(WatchStream stream)
    {
        Release(stream, stream.CompanyIds);
        WatchMetrics.Streams.Add(-1);
    }

    public Task OnRiskChanged(RiskSnapshot snapshot)
    {
        using var activity = RiskGrainsDiagnostics.StartCallSpan("fan-out", out _);
        var streams = StreamsOf(snapshot.CompanyId);
        if (!streams.IsEmpty)
        {
            activity?.SetTag("company.id", snapshot.CompanyId);
            activity?.SetTag("company.version", (long)snapshot.Version);
            activity?.SetTag("watch.streams", streams.Count);
            foreach (var stream in streams)
            {
                stream.Offer(snapshot);
            }
        }

        return Task.CompletedTask;
    }

    protected override Task<RiskSnapshot?> SubscribeToGrain(string id) => _grains.GetGrain<ICompanyGrain>(id).Subscribe(Self);

    protected override Task UnsubscribeFromGrain(string id) => _grains.GetGrain<ICompanyGrain>(id).Unsubscribe(Self);

    // Snapshots are not kept here (they would live long enough to burden the GC).
    protected override Task<RiskSnapshot?> CurrentOf(string id) => _grains.GetGrain<ICompanyGrain>(id).GetRisk();

    protected override Task OnRenewed(string id, RiskSnapshot? current) => current is null ? Task.CompletedTask : OnRiskChanged(current);
}

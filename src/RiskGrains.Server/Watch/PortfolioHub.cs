using Microsoft.Extensions.Options;
using RiskGrains.Grains;

namespace RiskGrains.Server.Watch;

/// <summary>
/// This silo's fan-out point for WatchPortfolio, as <see cref="WatchHub"/> is for WatchRisk: it subscribes
/// once to each portfolio with local watchers, so a portfolio's grain sends its figures once per silo
/// (at most once per <see cref="PortfolioOptions.PortfolioPublishInterval"/>), and hands them to every
/// local stream's conflating queue (docs/architecture.md, portfolios).
/// </summary>
internal sealed class PortfolioHub : SubscriptionHub<PortfolioWatchStream, PortfolioSnapshot>, IPortfolioObserver
{
    private readonly IGrainFactory _grains;
    private IPortfolioObserver? _self;

    public PortfolioHub(IGrainFactory grains, IClusterMembershipService membership, IHostApplicationLifetime lifetime, IOptions<WatchOptions> options, ILogger<PortfolioHub> logger)
        : base(membership, lifetime, options.Value.WatchRefreshInterval, logger)
    {
        _grains = grains;
    }

    protected override string Kind => "portfolio";

    private IPortfolioObserver Self => _self ??= _grains.CreateObjectReference<IPortfolioObserver>(this);

    /// <summary>Attaches a stream to its portfolio and queues the current figures; false when the portfolio does not exist.</summary>
    public async Task<bool> Attach(PortfolioWatchStream stream)
    {
        var (_, current) = Register(stream, [stream.PortfolioId])[0];
        if (await current is not { } snapshot)
        {
            return false;
        }

        stream.Offer(snapshot);
        return true;
    }

    /// <summary>Releases the stream; a portfolio with no local watcher left is unsubscribed.</summary>
    public void Detach(PortfolioWatchStream stream) => Release(stream, [stream.PortfolioId]);

    public Task OnPortfolioChanged(PortfolioSnapshot snapshot)
    {
        foreach (var stream in StreamsOf(snapshot.PortfolioId))
        {
            stream.Offer(snapshot);
        }

        return Task.CompletedTask;
    }

    public Task OnPortfolioRemoved(string portfolioId)
    {
        foreach (var stream in StreamsOf(portfolioId))
        {
            stream.Complete(removed: true);
        }

        return Task.CompletedTask;
    }

    protected override Task<PortfolioSnapshot?> SubscribeToGrain(string id) => _grains.GetGrain<IPortfolioGrain>(id).Subscribe(Self);

    protected override Task UnsubscribeFromGrain(string id) => _grains.GetGrain<IPortfolioGrain>(id).Unsubscribe(Self);

    protected override Task<PortfolioSnapshot?> CurrentOf(string id) => _grains.GetGrain<IPortfolioGrain>(id).GetRisk();

    // A portfolio removed meanwhile ends its watches.
    protected override Task OnRenewed(string id, PortfolioSnapshot? current) =>
        current is null ? OnPortfolioRemoved(id) : OnPortfolioChanged(current);
}

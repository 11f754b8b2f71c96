using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RiskGrains.Grains;

namespace RiskGrains.Server.Watch;

/// <summary>
/// This silo's fan-out point for WatchPortfolio, as <see cref="WatchHub"/> is for WatchRisk: it subscribes
/// once to each portfolio with local watchers, so a portfolio's grain sends its figures once per silo
/// (at most once per <see cref="PortfolioOptions.PortfolioPublishInterval"/>), and hands them to every
/// local stream's conflating queue (docs/architecture.md, portfolios).
/// </summary>
internal sealed class PortfolioHub : IPortfolioObserver, IHostedService, IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly ILogger<PortfolioHub> _logger;
    private readonly TimeSpan _refreshInterval;
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, PortfolioWatchers> _portfolios = new(StringComparer.Ordinal);
    private readonly IClusterMembershipService _membership;
    private readonly HashSet<PortfolioWatchStream> _streams = [];
    private readonly CancellationTokenSource _stopping = new();
    private IPortfolioObserver? _self;
    private Timer? _refresh;
    private Task? _membershipWatch;

    public PortfolioHub(IGrainFactory grains, IClusterMembershipService membership, IHostApplicationLifetime lifetime, IOptions<WatchOptions> options, ILogger<PortfolioHub> logger)
    {
        _grains = grains;
        _membership = membership;
        _logger = logger;
        _refreshInterval = options.Value.WatchRefreshInterval;

        // Open watch streams would hold the web server's shutdown; end them first.
        lifetime.ApplicationStopping.Register(CompleteAllStreams);
    }

    /// <summary>Whether this silo holds a subscription for the portfolio.</summary>
    public bool IsWatched(string portfolioId) => _portfolios.ContainsKey(portfolioId);

    private IPortfolioObserver Self => _self ??= _grains.CreateObjectReference<IPortfolioObserver>(this);

    /// <summary>Attaches a stream to its portfolio and queues the current figures; false when the portfolio does not exist.</summary>
    public async Task<bool> Attach(PortfolioWatchStream stream)
    {
        Task<PortfolioSnapshot?> pending;
        var id = stream.PortfolioId;
        lock (_gate)
        {
            _streams.Add(stream);
            if (_stopping.IsCancellationRequested)
            {
                stream.Complete();
            }

            // The stream is registered before the figures are asked for, so nothing newer is missed.
            var watchers = _portfolios.GetOrAdd(id, static _ => new PortfolioWatchers());
            watchers.Streams = watchers.Streams.Add(stream);
            pending = watchers.Subscribed is null ? Subscribe(id, watchers) : CurrentAfter(watchers.Subscribed, id);
        }

        if (await pending is not { } snapshot)
        {
            return false;
        }

        stream.Offer(snapshot);
        return true;
    }

    /// <summary>Releases the stream; a portfolio with no local watcher left is unsubscribed.</summary>
    public void Detach(PortfolioWatchStream stream)
    {
        lock (_gate)
        {
            _streams.Remove(stream);
            if (_portfolios.TryGetValue(stream.PortfolioId, out var watchers))
            {
                watchers.Streams = watchers.Streams.Remove(stream);
                if (watchers.Streams.IsEmpty)
                {
                    Unsubscribe(stream.PortfolioId, watchers);
                }
            }
        }
    }

    public Task OnPortfolioChanged(PortfolioSnapshot snapshot)
    {
        if (_portfolios.TryGetValue(snapshot.PortfolioId, out var watchers))
        {
            foreach (var stream in watchers.Streams)
            {
                stream.Offer(snapshot);
            }
        }

        return Task.CompletedTask;
    }

    public Task OnPortfolioRemoved(string portfolioId)
    {
        if (_portfolios.TryGetValue(portfolioId, out var watchers))
        {
            foreach (var stream in watchers.Streams)
            {
                stream.Complete(removed: true);
            }
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _refresh = new Timer(_ => _ = RefreshSubscriptions(), null, _refreshInterval, _refreshInterval);
        _membershipWatch = Task.Run(() => RefreshWhenSilosDie(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        CompleteAllStreams();
        _refresh?.Dispose();
        if (_membershipWatch is not null)
        {
            await _membershipWatch.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        _refresh?.Dispose();
        _stopping.Dispose();
    }

    private void CompleteAllStreams()
    {
        lock (_gate)
        {
            if (!_stopping.IsCancellationRequested)
            {
                _stopping.Cancel();
            }

            foreach (var stream in _streams)
            {
                stream.Complete();
            }
        }
    }

    // A dead silo took its portfolios' observer lists with it; subscribing again at once reactivates them elsewhere.
    private async Task RefreshWhenSilosDie(CancellationToken cancellationToken)
    {
        var dead = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in _membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                var newlyDead = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress));
                if (newlyDead > 0 && !_portfolios.IsEmpty)
                {
                    await RefreshSubscriptions();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // Under the lock: the subscription is sent once the previous change was answered.
    private Task<PortfolioSnapshot?> Subscribe(string id, PortfolioWatchers watchers)
    {
        var subscribed = SubscribeAfter(watchers.Last, id);
        watchers.Subscribed = subscribed;
        watchers.Last = subscribed;
        watchers.Changes++;
        return subscribed;
    }

    private async Task<PortfolioSnapshot?> SubscribeAfter(Task previous, string id)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return await _grains.GetGrain<IPortfolioGrain>(id).Subscribe(Self);
    }

    // Under the lock: the portfolio has no local stream left. Its entry goes once the grain has
    // answered, unless a stream came back meanwhile.
    private void Unsubscribe(string id, PortfolioWatchers watchers)
    {
        watchers.Subscribed = null;
        watchers.Last = UnsubscribeAfter(watchers.Last, id, watchers, ++watchers.Changes);
    }

    private async Task UnsubscribeAfter(Task previous, string id, PortfolioWatchers watchers, int change)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await _grains.GetGrain<IPortfolioGrain>(id).Unsubscribe(Self);
        }
        catch (Exception ex)
        {
            // The grain drops an observer that is not refreshed anyway.
            _logger.LogDebug(ex, "Unsubscribing from portfolio {PortfolioId} failed", id);
        }

        lock (_gate)
        {
            if (watchers.Changes == change)
            {
                _portfolios.TryRemove(new KeyValuePair<string, PortfolioWatchers>(id, watchers));
            }
        }
    }

    // Figures are not kept here: a stream joining an existing subscription asks the grain for the current ones.
    private async Task<PortfolioSnapshot?> CurrentAfter(Task<PortfolioSnapshot?> subscribed, string id)
    {
        await subscribed;
        return await _grains.GetGrain<IPortfolioGrain>(id).GetRisk();
    }

    // A grain forgets its observers when it moves or restarts; re-subscribing restores them and returns
    // the current figures, so a change missed meanwhile still reaches the watchers. A portfolio gone
    // meanwhile ends its watches.
    private async Task RefreshSubscriptions()
    {
        foreach (var (id, watchers) in _portfolios)
        {
            Task<PortfolioSnapshot?> refreshed;
            lock (_gate)
            {
                if (watchers.Subscribed is null)
                {
                    continue;
                }

                refreshed = Subscribe(id, watchers);
            }

            try
            {
                if (await refreshed is { } snapshot)
                {
                    await OnPortfolioChanged(snapshot);
                }
                else
                {
                    await OnPortfolioRemoved(id);
                }
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Refreshing the watch subscription of portfolio {PortfolioId} failed", id);
            }
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RiskGrains.Grains;

namespace RiskGrains.Server.Watch;

/// <summary>
/// This silo's fan-out point (docs/architecture.md, the push path). It subscribes once to each company that
/// has local watchers, so a grain's work per update is one call per silo, and hands each update
/// to every local watch stream's conflating queue.
/// </summary>
internal sealed class WatchHub : IRiskObserver, IHostedService, IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly ILogger<WatchHub> _logger;
    private readonly TimeSpan _refreshInterval;
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, CompanyWatchers> _companies = new(StringComparer.Ordinal);
    private readonly IClusterMembershipService _membership;
    private readonly HashSet<WatchStream> _streams = [];
    private readonly CancellationTokenSource _stopping = new();
    private IRiskObserver? _self;
    private Timer? _refresh;
    private Task? _membershipWatch;

    public WatchHub(IGrainFactory grains, IClusterMembershipService membership, IHostApplicationLifetime lifetime, IOptions<WatchOptions> options, ILogger<WatchHub> logger)
    {
        _grains = grains;
        _membership = membership;
        _logger = logger;
        _refreshInterval = options.Value.WatchRefreshInterval;

        // Open watch streams would hold the web server's shutdown; end them first.
        lifetime.ApplicationStopping.Register(CompleteAllStreams);
    }

    /// <summary>True once the service is stopping: new watches are refused, open ones end.</summary>
    public bool IsStopping => _stopping.IsCancellationRequested;

    /// <summary>Whether this silo holds a subscription for the company (a released watch leaves none once it is answered).</summary>
    public bool IsWatched(string companyId) => _companies.ContainsKey(companyId);

    private IRiskObserver Self => _self ??= _grains.CreateObjectReference<IRiskObserver>(this);

    /// <summary>Attaches a stream to each of its companies and queues each current snapshot; null for an unknown company.</summary>
    public async Task<IReadOnlyList<string>> Attach(WatchStream stream)
    {
        var pending = new List<(string Id, Task<RiskSnapshot?> Subscribed)>();
        lock (_gate)
        {
            _streams.Add(stream);
            if (IsStopping)
            {
                stream.Complete();
            }

            foreach (var id in stream.CompanyIds)
            {
                var watchers = _companies.GetOrAdd(id, static _ => new CompanyWatchers());
                watchers.Streams = watchers.Streams.Add(stream);
                // The first stream of a company subscribes this silo; a later one reads the current
                // snapshot. Either way the stream is registered first, so nothing newer is missed.
                if (watchers.Subscribed is null)
                {
                    pending.Add((id, Subscribe(id, watchers)));
                }
                else
                {
                    pending.Add((id, CurrentAfter(watchers.Subscribed, id)));
                }
            }
        }

        WatchMetrics.Streams.Add(1);
        var unknown = new List<string>();
        foreach (var (id, subscribed) in pending)
        {
            var snapshot = await subscribed;
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
        lock (_gate)
        {
            _streams.Remove(stream);
            foreach (var id in stream.CompanyIds)
            {
                if (!_companies.TryGetValue(id, out var watchers))
                {
                    continue;
                }

                watchers.Streams = watchers.Streams.Remove(stream);
                if (watchers.Streams.IsEmpty)
                {
                    Unsubscribe(id, watchers);
                }
            }
        }

        WatchMetrics.Streams.Add(-1);
    }

    public Task OnRiskChanged(RiskSnapshot snapshot)
    {
        using var activity = RiskGrainsDiagnostics.StartCallSpan("fan-out", out _);
        if (_companies.TryGetValue(snapshot.CompanyId, out var watchers))
        {
            var streams = watchers.Streams;
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

    // A dead silo took its grains' observer lists with it; subscribing again at once (rather than
    // at the next periodic refresh) reactivates those companies elsewhere and resumes their updates.
    private async Task RefreshWhenSilosDie(CancellationToken cancellationToken)
    {
        var dead = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in _membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                var newlyDead = snapshot.Members.Values
                    .Where(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress))
                    .Count();
                if (newlyDead > 0 && !_companies.IsEmpty)
                {
                    _logger.LogInformation("{Count} silo(s) died; re-subscribing {Companies} watched companies", newlyDead, _companies.Count);
                    await RefreshSubscriptions();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // Under the lock: the subscription is sent once the previous change was answered.
    private Task<RiskSnapshot?> Subscribe(string id, CompanyWatchers watchers)
    {
        var previous = watchers.Last;
        var subscribed = SubscribeAfter(previous, id);
        watchers.Subscribed = subscribed;
        watchers.Last = subscribed;
        watchers.Changes++;
        return subscribed;
    }

    private async Task<RiskSnapshot?> SubscribeAfter(Task previous, string id)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return await _grains.GetGrain<ICompanyGrain>(id).Subscribe(Self);
    }

    // Under the lock: the company has no local stream left. Its entry goes once the grain has
    // answered, unless a stream came back meanwhile.
    private void Unsubscribe(string id, CompanyWatchers watchers)
    {
        watchers.Subscribed = null;
        watchers.Last = UnsubscribeAfter(watchers.Last, id, watchers, ++watchers.Changes);
    }

    private async Task UnsubscribeAfter(Task previous, string id, CompanyWatchers watchers, int change)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await _grains.GetGrain<ICompanyGrain>(id).Unsubscribe(Self);
        }
        catch (Exception ex)
        {
            // The grain drops an observer that is not refreshed anyway.
            _logger.LogDebug(ex, "Unsubscribing from {CompanyId} failed", id);
        }

        lock (_gate)
        {
            if (watchers.Changes == change)
            {
                _companies.TryRemove(new KeyValuePair<string, CompanyWatchers>(id, watchers));
            }
        }
    }

    // Snapshots are not kept here (they would live long enough to burden the GC): a stream
    // joining an existing subscription asks the grain for the current one.
    private async Task<RiskSnapshot?> CurrentAfter(Task<RiskSnapshot?> subscribed, string companyId)
    {
        await subscribed;
        return await _grains.GetGrain<ICompanyGrain>(companyId).GetRisk();
    }

    // A grain forgets its observers when it moves or restarts; re-subscribing restores them and
    // returns the snapshot, so an update missed meanwhile still reaches the watchers.
    private async Task RefreshSubscriptions()
    {
        foreach (var (id, watchers) in _companies)
        {
            Task<RiskSnapshot?> refreshed;
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
                var snapshot = await refreshed;
                if (snapshot is not null)
                {
                    await OnRiskChanged(snapshot);
                }
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Refreshing the watch subscription of {CompanyId} failed", id);
            }
        }
    }
}

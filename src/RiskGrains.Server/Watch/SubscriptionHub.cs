using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace RiskGrains.Server.Watch;

/// <summary>A watch stream as a hub holds it: it can be ended.</summary>
internal interface IHubStream
{
    void Complete();
}

/// <summary>
/// What <see cref="WatchHub"/> and <see cref="PortfolioHub"/> share (docs/architecture.md, the push path):
/// one subscription of this silo to each grain that has local streams, so a grain's work per change is one
/// call per silo; subscription changes sent in order; subscriptions renewed every WatchRefreshInterval and
/// at once when a silo dies (a grain forgets its observers when it moves or restarts); every stream ended
/// when the service stops. A subclass makes the grain calls and hands what arrives to its streams.
/// </summary>
internal abstract class SubscriptionHub<TStream, TSnapshot> : IHostedService, IDisposable
    where TStream : class, IHubStream
    where TSnapshot : class
{
    private readonly ILogger _logger;
    private readonly TimeSpan _refreshInterval;
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly IClusterMembershipService _membership;
    private readonly HashSet<TStream> _streams = [];
    private readonly CancellationTokenSource _stopping = new();
    private Timer? _refresh;
    private Task? _membershipWatch;

    protected SubscriptionHub(IClusterMembershipService membership, IHostApplicationLifetime lifetime, TimeSpan refreshInterval, ILogger logger)
    {
        _membership = membership;
        _logger = logger;
        _refreshInterval = refreshInterval;

        // Open watch streams would hold the web server's shutdown; end them first.
        lifetime.ApplicationStopping.Register(CompleteAllStreams);
    }

    /// <summary>True once the service is stopping: new watches are ended at once, open ones end.</summary>
    public bool IsStopping => _stopping.IsCancellationRequested;

    /// <summary>Whether this silo holds a subscription for the id (a released watch leaves none once it is answered).</summary>
    public bool IsWatched(string id) => _entries.ContainsKey(id);

    /// <summary>What the log calls a watched grain: "company", "portfolio".</summary>
    protected abstract string Kind { get; }

    /// <summary>Subscribes this silo to the grain; returns its current state, null when it does not exist.</summary>
    protected abstract Task<TSnapshot?> SubscribeToGrain(string id);

    protected abstract Task UnsubscribeFromGrain(string id);

    /// <summary>The grain's current state, for a stream joining an existing subscription (states are not kept here).</summary>
    protected abstract Task<TSnapshot?> CurrentOf(string id);

    /// <summary>A renewed subscription's answer: the current state (a change missed meanwhile), or null for a grain gone.</summary>
    protected abstract Task OnRenewed(string id, TSnapshot? current);

    /// <summary>
    /// Registers the stream under each id, then subscribes this silo to each id without local streams yet, or asks
    /// the grain for its current state. The stream is registered first, so nothing newer is missed.
    /// </summary>
    protected List<(string Id, Task<TSnapshot?> Current)> Register(TStream stream, IEnumerable<string> ids)
    {
        var pending = new List<(string, Task<TSnapshot?>)>();
        lock (_gate)
        {
            _streams.Add(stream);
            if (IsStopping)
            {
                stream.Complete();
            }

            foreach (var id in ids)
            {
                var entry = _entries.GetOrAdd(id, static _ => new Entry());
                entry.Streams = entry.Streams.Add(stream);
                pending.Add((id, entry.Subscribed is null ? Subscribe(id, entry) : CurrentAfter(entry.Subscribed, id)));
            }
        }

        return pending;
    }

    /// <summary>Releases the stream from each id; an id with no local stream left is unsubscribed.</summary>
    protected void Release(TStream stream, IEnumerable<string> ids)
    {
        lock (_gate)
        {
            _streams.Remove(stream);
            foreach (var id in ids)
            {
                if (!_entries.TryGetValue(id, out var entry))
                {
                    continue;
                }

                entry.Streams = entry.Streams.Remove(stream);
                if (entry.Streams.IsEmpty)
                {
                    Unsubscribe(id, entry);
                }
            }
        }
    }

    /// <summary>The local streams of an id, none when it has none.</summary>
    protected ImmutableHashSet<TStream> StreamsOf(string id) => _entries.TryGetValue(id, out var entry) ? entry.Streams : [];

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

    // Under the lock: the subscription is sent once the previous change was answered.
    private Task<TSnapshot?> Subscribe(string id, Entry entry)
    {
        var subscribed = SubscribeAfter(entry.Last, id);
        entry.Subscribed = subscribed;
        entry.Last = subscribed;
        entry.Changes++;
        return subscribed;
    }

    private async Task<TSnapshot?> SubscribeAfter(Task previous, string id)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return await SubscribeToGrain(id);
    }

    // Under the lock: the id has no local stream left. Its entry goes once the grain has answered,
    // unless a stream came back meanwhile.
    private void Unsubscribe(string id, Entry entry)
    {
        entry.Subscribed = null;
        entry.Last = UnsubscribeAfter(entry.Last, id, entry, ++entry.Changes);
    }

    private async Task UnsubscribeAfter(Task previous, string id, Entry entry, int change)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await UnsubscribeFromGrain(id);
        }
        catch (Exception ex)
        {
            // The grain drops an observer that is not refreshed anyway.
            _logger.LogDebug(ex, "Unsubscribing from {Kind} {Id} failed", Kind, id);
        }

        lock (_gate)
        {
            if (entry.Changes == change)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(id, entry));
            }
        }
    }

    private async Task<TSnapshot?> CurrentAfter(Task<TSnapshot?> subscribed, string id)
    {
        await subscribed;
        return await CurrentOf(id);
    }

    // A grain forgets its observers when it moves or restarts; subscribing again restores them and
    // returns the current state, so a change missed meanwhile still reaches the streams.
    private async Task RefreshSubscriptions()
    {
        foreach (var (id, entry) in _entries)
        {
            Task<TSnapshot?> renewed;
            lock (_gate)
            {
                if (entry.Subscribed is null)
                {
                    continue;
                }

                renewed = Subscribe(id, entry);
            }

            try
            {
                await OnRenewed(id, await renewed);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Refreshing the watch subscription of {Kind} {Id} failed", Kind, id);
            }
        }
    }

    // A dead silo took its grains' observer lists with it; subscribing again at once (rather than at
    // the next periodic refresh) reactivates those grains elsewhere and resumes their changes.
    private async Task RefreshWhenSilosDie(CancellationToken cancellationToken)
    {
        var dead = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in _membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                var newlyDead = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress));
                if (newlyDead > 0 && !_entries.IsEmpty)
                {
                    _logger.LogInformation("{Count} silo(s) died; re-subscribing {Watched} watched {Kind} grains", newlyDead, _entries.Count, Kind);
                    await RefreshSubscriptions();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// This silo's streams of one id and its subscription to the grain. Every change of the subscription
    /// is sent only once the previous one was answered: an unsubscribe overtaken by the subscribe that
    /// followed it would leave the new stream without changes until the next refresh. Changed only under
    /// the hub's lock.
    /// </summary>
    private sealed class Entry
    {
        public ImmutableHashSet<TStream> Streams { get; set; } = [];

        /// <summary>The subscription while the id has local streams; null once they are all gone.</summary>
        public Task<TSnapshot?>? Subscribed { get; set; }

        /// <summary>The last subscription change sent; the next one waits for it.</summary>
        public Task Last { get; set; } = Task.CompletedTask;

        /// <summary>Counts the changes, so a finished unsubscribe can tell that nothing came after it.</summary>
        public int Changes { get; set; }
    }
}

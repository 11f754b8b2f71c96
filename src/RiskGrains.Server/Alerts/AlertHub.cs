using Microsoft.Extensions.Options;
using RiskGrains.Grains;

namespace RiskGrains.Server.Alerts;

/// <summary>
/// This silo's end of the alert path (docs/architecture.md, alerts). It is subscribed to the alert log and hands
/// each alert, in sequence order, to every local WatchAlerts stream. An alert that arrives ahead of the next
/// expected sequence (notifications may cross, or one was lost with a silo) makes it read the log from where it
/// is, so it never skips one; it also reads the log and subscribes again every
/// <see cref="AlertOptions.AlertRefreshInterval"/> and when a silo dies. It applies the log's retention every
/// <see cref="AlertOptions.AlertTrimInterval"/>.
/// </summary>
internal sealed class AlertHub : IAlertObserver, IHostedService, IDisposable
{
    private const int PageSize = 1000;

    private readonly IGrainFactory _grains;
    private readonly IAlertEventStore _store;
    private readonly IClusterMembershipService _membership;
    private readonly AlertOptions _options;
    private readonly ILogger<AlertHub> _logger;
    private readonly object _gate = new();
    private readonly HashSet<AlertWatchStream> _streams = [];
    private readonly SemaphoreSlim _catchingUp = new(1, 1);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private ulong _cursor;
    private IAlertObserver? _self;
    private Task? _loops;

    public AlertHub(IGrainFactory grains, IAlertEventStore store, IClusterMembershipService membership, IHostApplicationLifetime lifetime, IOptions<AlertOptions> options, ILogger<AlertHub> logger)
    {
        _grains = grains;
        _store = store;
        _membership = membership;
        _options = options.Value;
        _logger = logger;

        // Open streams would hold the web server's shutdown; end them first.
        lifetime.ApplicationStopping.Register(CompleteAllStreams);
    }

    public bool IsStopping => _stopping.IsCancellationRequested;

    /// <summary>The newest sequence handed to the streams.</summary>
    public ulong Cursor
    {
        get
        {
            lock (_gate)
            {
                return _cursor;
            }
        }
    }

    private IAlertLogGrain Log => _grains.GetGrain<IAlertLogGrain>(0);

    private IAlertObserver Self => _self ??= _grains.CreateObjectReference<IAlertObserver>(this);

    /// <summary>
    /// Registers a stream once the hub is subscribed; returns the sequence from which the hub hands it alerts
    /// (every later one). The caller replays what is stored up to there, and drops what it sees twice.
    /// </summary>
    public async Task<ulong> Attach(AlertWatchStream stream, CancellationToken cancellationToken)
    {
        await _ready.Task.WaitAsync(cancellationToken);
        lock (_gate)
        {
            _streams.Add(stream);
            if (IsStopping)
            {
                stream.Complete();
            }

            return _cursor;
        }
    }

    public void Detach(AlertWatchStream stream)
    {
        lock (_gate)
        {
            _streams.Remove(stream);
        }
    }

    public Task OnAlert(AlertEvent alert)
    {
        lock (_gate)
        {
            if (alert.Sequence <= _cursor)
            {
                return Task.CompletedTask;
            }

            if (alert.Sequence == _cursor + 1 && _ready.Task.IsCompleted)
            {
                Deliver(alert);
                return Task.CompletedTask;
            }
        }

        // Ahead of the next one: what lies between is in the log.
        _ = CatchUp();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loops = Task.WhenAll(
            Task.Run(RefreshEveryInterval, CancellationToken.None),
            Task.Run(TrimEveryInterval, CancellationToken.None),
            Task.Run(RefreshWhenSilosDie, CancellationToken.None));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        CompleteAllStreams();
        if (_loops is not null)
        {
            await _loops.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _catchingUp.Dispose();
    }

    /// <summary>Subscribes again, then hands the streams whatever the log holds beyond the cursor.</summary>
    public async Task Refresh()
    {
        var newest = await Log.Subscribe(Self);
        if (!_ready.Task.IsCompleted)
        {
            lock (_gate)
            {
                // The first subscription: streams are handed what is stored from now on.
                _cursor = newest;
            }

            _ready.TrySetResult();
            return;
        }

        await CatchUp();
    }

    // Under the lock, in sequence order.
    private void Deliver(AlertEvent alert)
    {
        _cursor = alert.Sequence;
        foreach (var stream in _streams)
        {
            stream.Offer(alert);
        }
    }

    private async Task CatchUp()
    {
        if (!_ready.Task.IsCompleted)
        {
            return;
        }

        await _catchingUp.WaitAsync();
        try
        {
            while (true)
            {
                var alerts = await _store.Read(Cursor, PageSize);
                lock (_gate)
                {
                    foreach (var alert in alerts.Where(a => a.Sequence > _cursor))
                    {
                        Deliver(alert);
                    }
                }

                if (alerts.Count < PageSize)
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Reading the alert log after {Sequence} failed; trying again at the next refresh", Cursor);
        }
        finally
        {
            _catchingUp.Release();
        }
    }

    private async Task RefreshEveryInterval()
    {
        var interval = TimeSpan.FromMilliseconds(200);
        while (!IsStopping)
        {
            try
            {
                await Refresh();
                interval = _options.AlertRefreshInterval;
            }
            catch (Exception ex) when (!IsStopping)
            {
                _logger.LogWarning(ex, "Subscribing to the alert log failed; trying again");
            }

            try
            {
                await Task.Delay(_ready.Task.IsCompleted ? interval : TimeSpan.FromMilliseconds(500), _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task TrimEveryInterval()
    {
        using var timer = new PeriodicTimer(_options.AlertTrimInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    var removed = await _store.Trim(_options.AlertMaxEvents, DateTimeOffset.UtcNow - _options.AlertRetention);
                    if (removed > 0)
                    {
                        _logger.LogInformation("Alert retention removed {Count} alerts", removed);
                    }
                }
                catch (Exception ex) when (!IsStopping)
                {
                    _logger.LogWarning(ex, "Applying the alert retention failed; trying again in {Interval}", _options.AlertTrimInterval);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // The log's list of hubs may have died with its silo: subscribe again at once rather than at the next refresh.
    private async Task RefreshWhenSilosDie()
    {
        var dead = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in _membership.MembershipUpdates.WithCancellation(_stopping.Token))
            {
                if (snapshot.Members.Values.Count(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress)) > 0 && _ready.Task.IsCompleted)
                {
                    try
                    {
                        await Refresh();
                    }
                    catch (Exception ex) when (!IsStopping)
                    {
                        _logger.LogWarning(ex, "Subscribing to the alert log after a silo died failed; trying again at the next refresh");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
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
}

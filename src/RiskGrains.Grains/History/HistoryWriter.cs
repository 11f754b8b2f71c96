using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RiskGrains.Grains;

/// <summary>
/// One per silo, between the company grains and the <see cref="IHistoryStore"/>. Points of fundamentals
/// changes are stored at once (<see cref="Store"/>, awaited before the write is acknowledged); market
/// points are queued without waiting (<see cref="Enqueue"/>) and written by a background loop in
/// batches of whatever has arrived, like the store's group commit: ticks are volatile by design, so a
/// crash loses at most the points still queued. The loop also applies the retention every
/// <see cref="HistoryOptions.HistoryTrimInterval"/>.
/// </summary>
public sealed class HistoryWriter : IAsyncDisposable
{
    /// <summary>Queued market points; past this the oldest are dropped, so a store that is away cannot exhaust memory.</summary>
    public const int QueueCapacity = 100_000;

    private const int MaxBatch = 4_096;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly IHistoryStore _store;
    private readonly HistoryOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Channel<HistoryPoint> _queue;
    private readonly ConcurrentDictionary<string, byte> _appendedSinceTrim = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writing;
    private readonly Task _trimming;
    private long _queued;
    private long _done;
    private long _dropped;
    private long _droppedReported;

    public HistoryWriter(IHistoryStore store, IOptions<HistoryOptions> options, ILogger<HistoryWriter> logger)
        : this(store, options.Value, TimeProvider.System, logger)
    {
    }

    public HistoryWriter(IHistoryStore store, HistoryOptions options, TimeProvider clock, ILogger logger)
    {
        _store = store;
        _options = options;
        _clock = clock;
        _logger = logger;
        _queue = Channel.CreateBounded<HistoryPoint>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ =>
            {
                Interlocked.Increment(ref _done);
                Interlocked.Increment(ref _dropped);
            });
        _writing = Task.Run(WriteLoop);
        _trimming = Task.Run(TrimLoop);
    }

    /// <summary>Market-driven changes record at most one point per company per interval (<see cref="HistoryOptions.HistoryInterval"/>).</summary>
    public TimeSpan Interval => _options.HistoryInterval;

    /// <summary>A market point, written in the background; never waits.</summary>
    public void Enqueue(HistoryPoint point)
    {
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(point))
        {
            Interlocked.Increment(ref _done);
        }
    }

    /// <summary>Points that must be durable before their change is acknowledged: stored now (the store groups concurrent writes).</summary>
    public Task Store(IReadOnlyCollection<HistoryPoint> points)
    {
        foreach (var point in points)
        {
            _appendedSinceTrim.TryAdd(point.CompanyId, 0);
        }

        return _store.Append(points);
    }

    /// <summary>Completes once every point queued before the call is written (or dropped).</summary>
    public async Task Flush(CancellationToken cancellationToken = default)
    {
        var target = Interlocked.Read(ref _queued);
        while (Interlocked.Read(ref _done) < target && !_writing.IsCompleted)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>Applies the retention now: the count to the companies written since the last trim, the age to every company.</summary>
    public async Task<long> Trim()
    {
        var companies = _appendedSinceTrim.Keys.ToArray();
        foreach (var id in companies)
        {
            _appendedSinceTrim.TryRemove(id, out _);
        }

        try
        {
            return await _store.Trim(companies, _options.HistoryMaxPoints, _clock.GetUtcNow() - _options.HistoryRetention);
        }
        catch
        {
            // Trimmed next time instead.
            foreach (var id in companies)
            {
                _appendedSinceTrim.TryAdd(id, 0);
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // What is queued is written first: a clean stop loses no market point.
        _queue.Writer.TryComplete();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _writing.WaitAsync(deadline.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _stop.CancelAsync();
        await _trimming.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task WriteLoop()
    {
        var batch = new List<HistoryPoint>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var point))
            {
                batch.Add(point);
            }

            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await Store(batch);
                    break;
                }
                catch (Exception ex) when (attempt < 5 && !_stop.IsCancellationRequested)
                {
                    _logger.LogWarning(ex, "Writing {Count} history points failed; retrying", batch.Count);
                    await Task.Delay(RetryDelay);
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "Writing {Count} history points failed; they are dropped", batch.Count);
                    break;
                }
            }

            Interlocked.Add(ref _done, batch.Count);
            batch.Clear();

            // Logged here, once per batch, not from the producer's side, where a tick would pay for it.
            var dropped = Interlocked.Read(ref _dropped);
            if (dropped > _droppedReported)
            {
                _logger.LogWarning("{Count} market history points were dropped: the queue was full ({Capacity})", dropped - _droppedReported, QueueCapacity);
                _droppedReported = dropped;
            }
        }
    }

    private async Task TrimLoop()
    {
        using var timer = new PeriodicTimer(_options.HistoryTrimInterval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    var removed = await Trim();
                    if (removed > 0)
                    {
                        _logger.LogInformation("History retention removed {Count} points", removed);
                    }
                }
                catch (Exception ex)
                {
                    _logger.LogWarning(ex, "Applying the history retention failed; it is tried again in {Interval}", _options.HistoryTrimInterval);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}

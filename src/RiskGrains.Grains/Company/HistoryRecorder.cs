using Microsoft.Extensions.Logging;

namespace RiskGrains.Grains;

/// <summary>
/// A company's history points (docs/api.md, GetHistory): one for every applied change of fundamentals,
/// stored before the change is acknowledged; for market ticks at most one per interval, and always one on
/// a band change, queued for the silo's <see cref="HistoryWriter"/> without waiting. A tick that falls
/// within the interval is recorded when the interval ends (the state then), so the history and the
/// directory, which gets each point's score, are never more than one interval behind.
/// </summary>
internal sealed class HistoryRecorder(IGrainBase grain, RiskView view, Func<ulong> version, HistoryWriter writer, Action<HistoryPoint> recorded, ILogger logger)
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);
    private DateTimeOffset _lastRecorded = DateTimeOffset.MinValue;
    private bool _skipped;
    private IGrainTimer? _trailing;
    private List<HistoryPoint>? _unstored;
    private IGrainTimer? _retry;

    /// <summary>Called for every applied change; a tick that records nothing costs two comparisons and allocates nothing.</summary>
    public void Changed(bool bandChanged)
    {
        var durable = HistoryPoint.IsDurable(view.Cause);
        var wait = writer.Interval - (view.ChangedAt - _lastRecorded);
        if (durable || bandChanged || wait <= TimeSpan.Zero)
        {
            Record(durable);
            return;
        }

        // One timer per interval, not per tick.
        _skipped = true;
        _trailing ??= grain.RegisterGrainTimer(RecordTrailing, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan));
    }

    /// <summary>
    /// Completes once the points of fundamentals changes are stored; the caller acknowledges its write only
    /// then. Points that could not be stored are kept, tried again in the background and with the next change.
    /// </summary>
    public async Task Stored()
    {
        if (_unstored is not { Count: > 0 } points)
        {
            return;
        }

        _unstored = null;
        try
        {
            await writer.Store(points);
            _retry?.Dispose();
            _retry = null;
        }
        catch (Exception ex)
        {
            _unstored = _unstored is null ? points : [.. points, .. _unstored];
            logger.LogWarning(ex, "Storing {Count} history points of {GrainId} failed; retrying", points.Count, grain.GrainContext.GrainId);
            _retry ??= grain.RegisterGrainTimer(RetryStored, new GrainTimerCreationOptions(RetryInterval, RetryInterval) { KeepAlive = true });
            throw;
        }
    }

    /// <summary>A clean stop records the trailing point now rather than losing it.</summary>
    public void Stop()
    {
        _trailing?.Dispose();
        _retry?.Dispose();
        if (_skipped)
        {
            Record(durable: false);
        }
    }

    private void Record(bool durable)
    {
        var point = view.Point(grain.GrainContext.GrainId.Key.ToString()!, version());
        // When it was recorded, not the time of its change: a trailing point starts a full interval.
        _lastRecorded = DateTimeOffset.UtcNow;
        _skipped = false;
        if (durable)
        {
            (_unstored ??= []).Add(point);
        }
        else
        {
            writer.Enqueue(point);
        }

        recorded(point);
    }

    private Task RecordTrailing()
    {
        _trailing?.Dispose();
        _trailing = null;
        if (_skipped)
        {
            // The state now, with the cause and caller of its last change.
            Record(durable: false);
        }

        return Task.CompletedTask;
    }

    private async Task RetryStored()
    {
        try
        {
            await Stored();
        }
        catch (Exception)
        {
            // Logged by Stored; the timer tries again.
        }
    }
}

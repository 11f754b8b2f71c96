using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// Keeps a company's market record (its newest market state with the version stamp) stored: at most
/// one interval after a tick, at once when a version reservation needs it, and on a clean stop. Ticks
/// are volatile by design, so a save that fails is tried again, never reported to a writer.
/// </summary>
internal sealed class MarketStateSaver(
    IGrainBase grain,
    IPersistentState<MarketRecord> record,
    VersionClock clock,
    Func<MarketState?> currentMarket,
    Func<ImmutableDictionary<string, double>?> counterpartyScores,
    TimeSpan interval,
    ILogger logger)
{
    private IGrainTimer? _timer;
    private Task? _write;
    private bool _writeAgain;
    private bool _dirty;

    /// <summary>The record as it was read when the company was activated.</summary>
    public MarketRecord Stored => record.State;

    /// <summary>A tick within the stored reservation: saved within the interval.</summary>
    public void SaveSoon()
    {
        _dirty = true;

        // Interleaved: a save in flight never holds the ticks behind it.
        _timer ??= grain.RegisterGrainTimer(
            static saver => saver.OnTimer(),
            this,
            new GrainTimerCreationOptions(interval, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = true });
    }

    /// <summary>
    /// A live change (a tick, or contagion from a counterparty) took the next version: saves what its
    /// reservation needs. The task completes when the change may be published; when that save fails,
    /// <paramref name="undo"/> takes the change back (unless something newer came in meanwhile).
    /// </summary>
    public Task Advance(Action undo)
    {
        var before = clock.Stamp;
        switch (clock.AdvanceTick())
        {
            case Reservation.BeforeAcknowledging:
                return SaveBeforeAcknowledging(before, undo);
            case Reservation.InBackground:
                SaveNow().Ignore();
                break;
            default:
                SaveSoon();
                break;
        }

        return Task.CompletedTask;
    }

    private async Task SaveBeforeAcknowledging(VersionStamp before, Action undo)
    {
        var version = clock.Current;
        try
        {
            await SaveNow();
        }
        catch
        {
            // Not acknowledged, so not applied.
            if (clock.Current == version)
            {
                undo();
                clock.Rollback(before);
            }

            throw;
        }
    }

    /// <summary>A fundamentals write stored the market state with the company record.</summary>
    public void StoredWithCompany() => _dirty = false;

    /// <summary>
    /// Stores the record as it is now. One write at a time: a request during a write is served by one
    /// more write after it, so the returned task always covers the current state.
    /// </summary>
    public Task SaveNow()
    {
        if (_write is { IsCompleted: false } running)
        {
            _writeAgain = true;
            return running;
        }

        return _write = WriteWhilePending();
    }

    /// <summary>A clean stop: the exact version is stored, so the next activation resumes exactly here.</summary>
    public async Task Stop()
    {
        _timer?.Dispose();
        var ceilingLowered = clock.Seal();
        if (ceilingLowered || _dirty)
        {
            await SaveOrLog(retry: false);
        }
    }

    private async Task OnTimer()
    {
        _timer?.Dispose();
        _timer = null;
        if (_dirty)
        {
            await SaveOrLog(retry: true);
        }
    }

    private async Task WriteWhilePending()
    {
        do
        {
            _writeAgain = false;
            var stamp = clock.Stamp;
            record.State = new MarketRecord { Market = currentMarket(), Version = stamp.Version, VersionCeiling = stamp.Ceiling, CounterpartyScores = counterpartyScores() };
            await record.WriteStateAsync();
            clock.Stored(stamp);
            if (clock.Current == stamp.Version)
            {
                _dirty = false;
            }
        }
        while (_writeAgain);
    }

    private async Task SaveOrLog(bool retry)
    {
        try
        {
            await SaveNow();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Saving the market state of {GrainId} failed", grain.GrainContext.GrainId);
            if (retry)
            {
                SaveSoon();
            }
        }
    }
}

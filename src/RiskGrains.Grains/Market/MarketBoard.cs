using System.Collections.Concurrent;

namespace RiskGrains.Grains;

/// <summary>
/// The silo's market board: one slot per company active here, keeping the newest tick that arrived.
/// A feed writes a tick into its company's slot and goes on; a company whose slot changed gets one
/// turn of its grain, which takes the newest tick and recomputes once, however many ticks arrived in
/// the meantime (the others are counted as conflated). Ticks for a company not active on this silo
/// are not taken: the caller sends them as grain calls, which activate the company, and its grain
/// then attaches itself here.
/// </summary>
/// <remarks>
/// Memory is one slot per active company; the number of ticks in flight never grows it. Companies due
/// for a turn wait in one queue, in the order their slots changed, and only a few turns are handed to
/// the grains' schedulers at a time: thousands of queued turns in the thread pool would make every
/// other piece of work (reading the feed, pushing updates to watchers) wait behind all of them.
/// </remarks>
public sealed class MarketBoard
{
    private readonly ConcurrentDictionary<string, MarketSlot> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<MarketSlot> _due = new();
    private readonly int _maxRunning = 256;
    private int _running;
    private long _turns;

    // The same waits for the meters, read afresh at each collection.
    private readonly TickWaits _meteredWaits = new();

    public MarketBoard(ILocalSiloDetails silo)
    {
        SiloKey = silo.SiloAddress.ToParsableString();
        var meter = RiskGrainsDiagnostics.Meter;
        meter.CreateObservableCounter("riskgrains.market.turns", () => Turns, description: "Company turns the market board handed out (each applies the newest tick of its company)");
        meter.CreateObservableGauge("riskgrains.market.due", () => Due, description: "Companies whose newest tick waits for their turn");
        meter.CreateObservableGauge("riskgrains.market.attached", () => Attached, description: "Companies active on this silo that take their ticks from the market board");
        meter.CreateObservableGauge(
            "riskgrains.market.tick_wait.p99",
            () => _meteredWaits.Summary(reset: true).P99Ms,
            unit: "ms",
            description: "Since the last collection, the 99th percentile of the age of the oldest tick a company's score did not reflect when its turn came");
    }

    /// <summary>This silo's address, as the key of its <see cref="IMarketBoardGrain"/>.</summary>
    public string SiloKey { get; }

    /// <summary>How long scores lagged their ticks on this silo.</summary>
    public TickWaits Waits { get; } = new();

    internal void RecordWait(long sinceTimestamp)
    {
        var micros = (long)System.Diagnostics.Stopwatch.GetElapsedTime(sinceTimestamp).TotalMicroseconds;
        Waits.Record(micros);
        _meteredWaits.Record(micros);
    }

    /// <summary>Companies active on this silo that take their ticks from the board.</summary>
    public int Attached => _slots.Count;

    /// <summary>Grain turns the board has asked for so far (each applies one tick, or none when the grain already had a newer one).</summary>
    public long Turns => Interlocked.Read(ref _turns);

    /// <summary>
    /// Puts <paramref name="tick"/> in its company's slot: true when the board took it (it is then
    /// counted in <paramref name="batch"/>'s feed, as ignored at once when it is stale, otherwise as
    /// applied or conflated later); false when the company is not active on this silo.
    /// </summary>
    public bool TryAbsorb(string companyId, ulong index, MarketTick tick, TickBatch batch) =>
        _slots.TryGetValue(companyId, out var slot) && slot.Absorb(index, tick, batch);

    /// <summary>A grain active on this silo takes its ticks from the board from now on.</summary>
    internal MarketSlot Attach(string companyId, IMarketLane lane, DateTimeOffset? currentAsOf)
    {
        var slot = new MarketSlot(this, lane, currentAsOf);
        _slots[companyId] = slot;
        return slot;
    }

    /// <summary>The grain is leaving: ticks go to it as grain calls again. Returns the tick still waiting, if any.</summary>
    internal PendingTick? Detach(string companyId, MarketSlot slot)
    {
        _slots.TryRemove(new KeyValuePair<string, MarketSlot>(companyId, slot));
        return slot.Close();
    }

    /// <summary>Companies whose slot holds a tick, waiting for their turn to be handed out.</summary>
    public int Due => _due.Count;

    /// <summary>A slot got a tick and has no turn yet: it queues for one.</summary>
    internal void Enqueue(MarketSlot slot)
    {
        Interlocked.Increment(ref _turns);
        _due.Enqueue(slot);
        HandOut();
    }

    /// <summary>A turn handed out has ended (or was put off until the grain's call ends): the next one may start.</summary>
    internal void TurnEnded()
    {
        Interlocked.Decrement(ref _running);
        HandOut();
    }

    private void HandOut()
    {
        while (true)
        {
            if (Interlocked.Increment(ref _running) > _maxRunning)
            {
                Interlocked.Decrement(ref _running);
                return;
            }

            if (_due.TryDequeue(out var slot))
            {
                // A company that left the silo took its waiting tick with it (MarketLane.Detach).
                if (slot.Closed)
                {
                    Interlocked.Decrement(ref _running);
                }
                else
                {
                    slot.Lane.Schedule();
                }

                continue;
            }

            Interlocked.Decrement(ref _running);

            // A slot queued between the empty queue and the decrement found every turn taken: look again.
            if (_due.IsEmpty)
            {
                return;
            }
        }
    }
}

/// <summary>The grain side of a slot: asked for one turn whenever its slot gets a tick; it reports the turn's end (<see cref="MarketBoard.TurnEnded"/>).</summary>
internal interface IMarketLane
{
    void Schedule();
}

/// <summary>A tick waiting in a slot: its item's index in its feed, and its batch.</summary>
internal readonly record struct PendingTick(ulong Index, MarketTick Tick, TickBatch Batch);

/// <summary>One company's slot: the newest tick not yet taken, and whether a turn is already asked for.</summary>
internal sealed class MarketSlot(MarketBoard board, IMarketLane lane, DateTimeOffset? currentAsOf)
{
    public IMarketLane Lane => lane;

    public bool Closed => Volatile.Read(ref _closed);

    private readonly Lock _gate = new();
    private PendingTick? _pending;
    private long _pendingSince;
    private DateTimeOffset? _current = currentAsOf;
    private bool _scheduled;
    private bool _closed;

    public bool Absorb(ulong index, MarketTick tick, TickBatch batch)
    {
        PendingTick? superseded;
        bool schedule;
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            // docs/risk-model.md §1: a tick not newer than the newest one known is ignored.
            var newest = _pending?.Tick.AsOf ?? _current;
            if (tick.AsOf <= newest)
            {
                batch.Feed.Count(applied: false);
                return true;
            }

            // Held before the lock is left: no turn can take the tick, and release its feed, before that.
            batch.Feed.Hold();
            superseded = _pending;
            if (superseded is null)
            {
                _pendingSince = System.Diagnostics.Stopwatch.GetTimestamp();
            }

            _pending = new PendingTick(index, tick, batch);
            schedule = !_scheduled;
            _scheduled = true;
        }

        if (superseded is { } old)
        {
            old.Batch.Feed.Conflated();
            old.Batch.Feed.Release();
        }

        if (schedule)
        {
            board.Enqueue(this);
        }

        return true;
    }

    /// <summary>The grain's turn: the newest tick, taken off the slot; the next tick asks for another turn.</summary>
    public PendingTick? Take()
    {
        lock (_gate)
        {
            var pending = _pending;
            _pending = null;
            _scheduled = false;
            if (pending is not null)
            {
                board.RecordWait(_pendingSince);
            }

            return pending;
        }
    }

    /// <summary>The grain's market state is as of <paramref name="asOf"/> (a tick that came as a grain call, say).</summary>
    public void Applied(DateTimeOffset asOf)
    {
        lock (_gate)
        {
            if (_current is not { } current || asOf > current)
            {
                _current = asOf;
            }
        }
    }

    public PendingTick? Close()
    {
        lock (_gate)
        {
            _closed = true;
            var pending = _pending;
            _pending = null;
            return pending;
        }
    }
}

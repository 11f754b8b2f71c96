namespace RiskGrains.Grains;

/// <summary>
/// A company's lane from the silo's <see cref="MarketBoard"/>. When its slot gets a tick, the grain is
/// given one turn on its own scheduler, without a message, and takes the newest tick. The turn waits
/// for any call of the grain under way (a write waiting for its store, say): a board tick never runs
/// inside another change. A tick whose version must be stored before it is acknowledged (the first
/// after an activation, or a reservation that fell behind) goes on as a grain call, which may wait.
/// </summary>
/// <remarks>
/// Board turns are not calls, so Orleans would count a company ticking only through the board as idle:
/// every minute of turns keeps it active for <see cref="KeepAlive"/> more (<paramref name="keepAlive"/>).
/// </remarks>
internal sealed class MarketLane(IGrainBase grain, MarketBoard board, Func<MarketTick, ChangeOrigin, bool?> apply, Action keepAlive) : IMarketLane
{
    public static readonly TimeSpan KeepAlive = TimeSpan.FromMinutes(2);
    private long _keptAliveAt = Environment.TickCount64;

    private MarketSlot? _slot;
    private int _calls;
    private bool _deferred;

    /// <summary>The silo this company's ticks go to (<see cref="MarketBoard.SiloKey"/>).</summary>
    public string SiloKey => board.SiloKey;

    private string CompanyId => grain.GrainContext.GrainId.Key.ToString()!;

    /// <summary>
    /// A tick as of <paramref name="asOf"/> came as a grain call: the board ignores older ones from now on,
    /// and from the first such tick on, the company's ticks arriving at this silo wait on the board.
    /// </summary>
    public void Track(DateTimeOffset asOf)
    {
        if (_slot is null)
        {
            _slot = board.Attach(CompanyId, this, asOf);
        }
        else
        {
            _slot.Applied(asOf);
        }
    }

    /// <summary>The grain is leaving: the tick still waiting is taken now, so none is lost.</summary>
    public void Detach()
    {
        if (_slot is not null && board.Detach(CompanyId, _slot) is { } pending)
        {
            Take(pending);
        }

        _slot = null;
    }

    public void Schedule()
    {
        // The turn runs for whichever tick is newest then, not in the context of the feed that asked for it.
        using (ExecutionContext.SuppressFlow())
        {
            grain.GrainContext.Scheduler.QueueAction(static lane => ((MarketLane)lane).Turn(), this);
        }
    }

    /// <summary>Every call of the grain passes here (the grain's call filter), so a board turn knows when to wait.</summary>
    public async Task Call(IIncomingGrainCallContext context)
    {
        _calls++;
        try
        {
            await context.Invoke();
        }
        finally
        {
            if (--_calls == 0 && _deferred)
            {
                _deferred = false;
                DeferredTurn();
            }
        }
    }

    private void Turn()
    {
        try
        {
            if (_calls > 0)
            {
                _deferred = true;
            }
            else if (_slot?.Take() is { } pending)
            {
                Take(pending);
            }
        }
        finally
        {
            board.TurnEnded();
        }
    }

    // A turn put off while a call was under way: it runs when the call ends, outside the board's count of turns.
    private void DeferredTurn()
    {
        if (_slot?.Take() is { } pending)
        {
            Take(pending);
        }
    }

    private void Take(PendingTick pending)
    {
        if (Environment.TickCount64 - _keptAliveAt > 60_000)
        {
            _keptAliveAt = Environment.TickCount64;
            keepAlive();
        }

        var feed = pending.Batch.Feed;
        switch (apply(pending.Tick, ChangeOrigin.Of(pending.Batch)))
        {
            case { } applied:
                feed.Count(applied);
                feed.Release();
                break;
            default:
                Forward(pending).Ignore();
                break;
        }
    }

    private async Task Forward(PendingTick pending)
    {
        var feed = pending.Batch.Feed;
        try
        {
            RequestContext.Set(TraceContextPropagation.TraceParent, pending.Batch.TraceParent);
            CallerPrincipal.Flow(feed.Principal);
            var write = grain.GrainContext.GrainReference.Cast<ICompanyGrain>().PublishMarketData(pending.Tick);
            RequestContext.Clear();
            feed.Count((await write).Applied);
        }
        catch (Exception ex)
        {
            // Not acknowledged, so not applied: the feed says why.
            feed.Reject(pending.Index, CompanyId, $"the tick could not be applied: {ex.Message}");
        }
        finally
        {
            feed.Release();
        }
    }
}

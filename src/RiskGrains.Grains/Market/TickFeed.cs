namespace RiskGrains.Grains;

/// <summary>
/// What became of the items of one feed (an <c>Ingest</c> call): applied, conflated (superseded by a
/// newer tick of the same company before its grain took it), ignored (stale or duplicate) or
/// rejected. A tick the <see cref="MarketBoard"/> holds is outstanding until its grain takes it or a
/// newer one replaces it; <see cref="Drained"/> waits for the last, so the counts a feed reports
/// are final.
/// </summary>
public sealed class TickFeed(string principal)
{
    /// <summary>Rejections kept with their message; every one is counted.</summary>
    public const int MaxReportedRejections = 100;

    private readonly Lock _gate = new();
    private readonly List<TickRejection> _rejections = [];
    private long _applied;
    private long _ignored;
    private long _conflated;
    private long _rejected;
    private long _outstanding;
    private TaskCompletionSource? _drained;

    /// <summary>The caller the feed's writes are recorded as made by.</summary>
    public string Principal { get; } = principal;

    public long AppliedCount => Interlocked.Read(ref _applied);

    public long IgnoredCount => Interlocked.Read(ref _ignored);

    public long ConflatedCount => Interlocked.Read(ref _conflated);

    public long RejectedCount => Interlocked.Read(ref _rejected);

    /// <summary>The first rejections, in the order of their items.</summary>
    public IReadOnlyList<TickRejection> Rejections
    {
        get
        {
            lock (_gate)
            {
                return _rejections.OrderBy(r => r.Index).ToArray();
            }
        }
    }

    public void Count(bool applied) => Interlocked.Increment(ref applied ? ref _applied : ref _ignored);

    public void Conflated() => Interlocked.Increment(ref _conflated);

    /// <summary>Adds the counts another silo's board reported for ticks of this feed.</summary>
    public void Add(BoardReceipt receipt)
    {
        Interlocked.Add(ref _applied, receipt.Applied);
        Interlocked.Add(ref _conflated, receipt.Conflated);
        Interlocked.Add(ref _ignored, receipt.Ignored);
        foreach (var rejection in receipt.Rejections)
        {
            Reject(rejection.Index, rejection.CompanyId, rejection.Message);
        }
    }

    public void Reject(ulong index, string companyId, string message)
    {
        Interlocked.Increment(ref _rejected);
        lock (_gate)
        {
            if (_rejections.Count < MaxReportedRejections)
            {
                _rejections.Add(new TickRejection(index, companyId, message));
            }
        }
    }

    /// <summary>A tick (or a batch of them, sent to another silo's board) is now waited for.</summary>
    public void Hold() => Interlocked.Increment(ref _outstanding);

    /// <summary>What <see cref="Hold"/> waited for is counted (already, by the caller): one less to wait for.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            Volatile.Read(ref _drained)?.TrySetResult();
        }
    }

    /// <summary>Completes when every tick of this feed that the board held has been counted.</summary>
    public Task Drained()
    {
        var drained = Interlocked.CompareExchange(ref _drained, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null) ?? _drained!;
        if (Interlocked.Read(ref _outstanding) == 0)
        {
            drained.TrySetResult();
        }

        return drained.Task;
    }
}

/// <summary>An item of a feed that could not be applied, and why.</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.TickRejection")]
public sealed record TickRejection([property: Id(0)] ulong Index, [property: Id(1)] string CompanyId, [property: Id(2)] string Message);

namespace RiskGrains.LoadTest;

/// <summary>What a phase has sent and what the server has acknowledged so far (thread-safe).</summary>
internal sealed class PhaseCounters
{
    private long _sent;
    private long _acknowledged;
    private long _applied;
    private long _ignored;
    private long _conflated;
    private long _rejected;

    public long Sent => Interlocked.Read(ref _sent);
    public long Acknowledged => Interlocked.Read(ref _acknowledged);
    public long Applied => Interlocked.Read(ref _applied);
    public long Ignored => Interlocked.Read(ref _ignored);
    public long Conflated => Interlocked.Read(ref _conflated);
    public long Rejected => Interlocked.Read(ref _rejected);

    public void AddSent(long n) => Interlocked.Add(ref _sent, n);

    /// <summary>Counts one Ingest response: applied, ignored and conflated items are acknowledged (absorbed), rejected ones are not.</summary>
    public void AddResponse(long applied, long ignored, long conflated, long rejected)
    {
        Interlocked.Add(ref _applied, applied);
        Interlocked.Add(ref _ignored, ignored);
        Interlocked.Add(ref _conflated, conflated);
        Interlocked.Add(ref _rejected, rejected);
        Interlocked.Add(ref _acknowledged, applied + ignored + conflated);
    }
}

namespace RiskGrains.LoadTest;

/// <summary>What one phase of Ingest streams sent and what the server acknowledged.</summary>
internal sealed record IngestPhaseResult(
    string Phase,
    long Sent,
    long Applied,
    long Ignored,
    long Rejected,
    long Calls,
    TimeSpan Elapsed,
    TimeSpan GeneratorCpu,
    TimeSpan? ServerCpu,
    TimeSpan? OtherCpu,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Failures)
{
    /// <summary>Applied + ignored: the items the server's final responses account for.</summary>
    public long Acknowledged => Applied + Ignored;

    public double PerSecond => Elapsed > TimeSpan.Zero ? Acknowledged / Elapsed.TotalSeconds : 0;
}

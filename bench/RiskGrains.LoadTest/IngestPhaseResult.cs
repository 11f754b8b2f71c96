namespace RiskGrains.LoadTest;

/// <summary>What one phase of Ingest streams sent and what the server acknowledged.</summary>
internal sealed record IngestPhaseResult(
    string Phase,
    long Sent,
    long Applied,
    long Ignored,
    long Conflated,
    long Rejected,
    long Calls,
    TimeSpan Elapsed,
    TimeSpan GeneratorCpu,
    TimeSpan? ServerCpu,
    TimeSpan? OtherCpu,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Failures)
{
    /// <summary>Applied + ignored + conflated: the items the server absorbed, as its final responses account for them.</summary>
    public long Acknowledged => Applied + Ignored + Conflated;

    /// <summary>Absorbed items per second.</summary>
    public double PerSecond => Rate(Acknowledged);

    public double AppliedPerSecond => Rate(Applied);

    public double ConflatedPerSecond => Rate(Conflated);

    private double Rate(long items) => Elapsed > TimeSpan.Zero ? items / Elapsed.TotalSeconds : 0;
}

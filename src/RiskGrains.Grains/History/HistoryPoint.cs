using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// A company's risk as recorded at one version: what GetHistory returns. Stored as JSON
/// (<see cref="HistoryPointCodec"/>), so a field added later needs no change of table or key.
/// </summary>
[GenerateSerializer, Immutable, Alias("riskgrains.HistoryPoint")]
public sealed record HistoryPoint(
    [property: Id(0)] string CompanyId,
    [property: Id(1)] ulong Version,
    [property: Id(2)] DateTimeOffset Time,
    [property: Id(3)] ChangeCause Cause,
    [property: Id(4)] double? Score,
    [property: Id(5)] Band? Band,
    [property: Id(6)] double? LiquidityCoverage12m,
    [property: Id(7)] int? RunwayMonths,
    [property: Id(8)] double? CommitmentAdjustedLeverage,
    [property: Id(9)] double? CommitmentAdjustedDefaultProbability,
    [property: Id(10)] string ChangedBy)
{
    /// <summary>A caller's name is kept to this many characters: a token's subject has no bound of its own, a response must.</summary>
    public const int MaxChangedByLength = 256;

    /// <summary>
    /// Writes are stored before they are acknowledged; market ticks and the contagion they pass on to
    /// dependents (acknowledged to no one) are sampled.
    /// </summary>
    public static bool IsDurable(ChangeCause cause) => cause is not (ChangeCause.Market or ChangeCause.Snapshot or ChangeCause.Contagion);
}

using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// A company's risk at one version: what GetRisk returns and WatchRisk streams. <see cref="ChangedBy"/>
/// is the principal whose write produced the version; empty for a state loaded from storage.
/// </summary>
[GenerateSerializer, Immutable, Alias("riskgrains.RiskSnapshot")]
public sealed record RiskSnapshot(
    [property: Id(0)] string CompanyId,
    [property: Id(1)] ulong Version,
    [property: Id(2)] DateTimeOffset AsOf,
    [property: Id(3)] CompanyProfile Profile,
    [property: Id(4)] RiskAssessment Assessment,
    [property: Id(5)] ChangeCause Cause,
    [property: Id(6)] string TraceId,
    [property: Id(7)] DateTimeOffset? MarketAsOf,
    [property: Id(8)] string Silo,
    [property: Id(9)] string ChangedBy);

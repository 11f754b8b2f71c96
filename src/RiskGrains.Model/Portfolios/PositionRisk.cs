namespace RiskGrains.Model;

/// <summary>
/// One position's figures (docs/risk-model.md §7). Without a default probability the position counts
/// in the exposure totals and bands but not in the losses, and carries the flag <c>no_pd</c>.
/// </summary>
public sealed record PositionRisk(
    string CompanyId,
    double Exposure,
    double Lgd,
    double? Score,
    Band? Band,
    double? DefaultProbability,
    double? ExpectedLoss,
    double? AssetCorrelation,
    double? StressedDefaultProbability,
    double? StressedLoss,
    double? ShareOfStressedLoss)
{
    public const string NoPd = "no_pd";

    public bool HasDefaultProbability => DefaultProbability is not null;
}

using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>A portfolio's live figures and the definition they were computed from, read in one turn so they agree.</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.PortfolioScenarioBasis")]
public sealed record PortfolioScenarioBasis(
    [property: Id(0)] PortfolioSnapshot Live,
    [property: Id(1)] Portfolio Portfolio);

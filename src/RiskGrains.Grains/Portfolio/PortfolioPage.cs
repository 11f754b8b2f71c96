using System.Collections.Immutable;

namespace RiskGrains.Grains;

/// <summary>One page of the portfolio directory.</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.PortfolioPage")]
public sealed record PortfolioPage(
    [property: Id(0)] ImmutableArray<PortfolioListing> Portfolios,
    [property: Id(1)] string? NextAfter);

namespace RiskGrains.Grains;

/// <summary>One row of the portfolio directory.</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.PortfolioListing")]
public sealed record PortfolioListing(
    [property: Id(0)] string PortfolioId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Currency,
    [property: Id(3)] int Positions,
    [property: Id(4)] ulong Version);

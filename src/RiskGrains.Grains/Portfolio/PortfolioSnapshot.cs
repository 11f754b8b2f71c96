using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// A portfolio's figures at one moment: what GetPortfolio returns and WatchPortfolio streams.
/// <see cref="Version"/> counts changes of the definition; <see cref="Epoch"/> (one per activation)
/// and <see cref="Revision"/> (+1 per change of the figures within it) let a watch stream skip
/// figures it has already been offered.
/// </summary>
[GenerateSerializer, Immutable, Alias("riskgrains.PortfolioSnapshot")]
public sealed record PortfolioSnapshot(
    [property: Id(0)] string PortfolioId,
    [property: Id(1)] ulong Version,
    [property: Id(2)] string Name,
    [property: Id(3)] string Currency,
    [property: Id(4)] DateTimeOffset AsOf,
    [property: Id(5)] PortfolioRisk Risk,
    [property: Id(6)] Guid Epoch,
    [property: Id(7)] ulong Revision);

namespace RiskGrains.Model;

/// <summary>The live market inputs of a company, replaced by every newer tick (docs/risk-model.md §1).</summary>
public sealed record MarketState(
    double MarketCap,
    double EquityVolatility,
    double RiskFreeRate,
    double? EquityReturn1Y,
    DateTimeOffset AsOf);

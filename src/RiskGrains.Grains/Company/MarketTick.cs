using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>One market tick as it travels to a grain; kept small and immutable so it is never copied.</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.MarketTick")]
public readonly record struct MarketTick(
    [property: Id(0)] double MarketCap,
    [property: Id(1)] double EquityVolatility,
    [property: Id(2)] double RiskFreeRate,
    [property: Id(3)] double? EquityReturn1Y,
    [property: Id(4)] DateTimeOffset AsOf)
{
    public MarketState ToMarketState() => new(MarketCap, EquityVolatility, RiskFreeRate, EquityReturn1Y, AsOf);

    public static MarketTick From(MarketState market) =>
        new(market.MarketCap, market.EquityVolatility, market.RiskFreeRate, market.EquityReturn1Y, market.AsOf);
}

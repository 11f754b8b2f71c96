using RiskGrains.Model;

namespace RiskGrains.Server.Hosting;

/// <summary>
/// A sample company's dated market state (data/sample/README.md): loaded as the company's first market tick, so the
/// sample shows distance to default and PDs from the first start. Where each figure comes from is in <see cref="Source"/>.
/// </summary>
internal sealed record SampleMarket(double MarketCap, double EquityVolatility, double RiskFreeRate, DateTimeOffset AsOf, string Source)
{
    public MarketState ToMarketState() => new(MarketCap, EquityVolatility, RiskFreeRate, EquityReturn1Y: null, AsOf);
}

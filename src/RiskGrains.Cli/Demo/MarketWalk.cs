namespace RiskGrains.Cli.Demo;

/// <summary>
/// A synthetic market for one company: a mean-reverting random walk of the log market cap (each tick one trading
/// day of the starting volatility, so a demonstration moves visibly), of the log volatility and of the rate, all
/// pulled back towards where they started. Not a model of prices: a way to see the service move.
/// </summary>
public sealed class MarketWalk(MarketPoint start, Random random)
{
    /// <summary>The share of the distance to the start closed at each tick.</summary>
    public const double Reversion = 0.05;

    private const double TradingDays = 252;
    private const double VolatilityOfVolatility = 0.02;
    private const double RateStep = 0.0002;

    private double _logCap = Math.Log(start.MarketCap);
    private double _logVol = Math.Log(start.EquityVolatility);
    private double _rate = start.RiskFreeRate;

    public MarketPoint Start { get; } = start;

    public MarketPoint Current { get; private set; } = start;

    public MarketPoint Next()
    {
        var dailySigma = Math.Exp(_logVol) / Math.Sqrt(TradingDays);
        _logCap += (Reversion * (Math.Log(Start.MarketCap) - _logCap)) + (dailySigma * Gaussian());
        _logVol += (Reversion * (Math.Log(Start.EquityVolatility) - _logVol)) + (VolatilityOfVolatility * Gaussian());
        _logVol = Math.Clamp(_logVol, Math.Log(0.05), Math.Log(3));
        _rate += (Reversion * (Start.RiskFreeRate - _rate)) + (RateStep * Gaussian());
        _rate = Math.Clamp(_rate, -0.05, 0.5);
        Current = new MarketPoint(Math.Round(Math.Exp(_logCap), 1), Math.Round(Math.Exp(_logVol), 4), Math.Round(_rate, 5));
        return Current;
    }

    // Box–Muller: a standard normal draw from two uniforms.
    private double Gaussian()
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}

/// <summary>A market state the feed publishes: market cap in millions, annual equity volatility, risk-free rate.</summary>
public readonly record struct MarketPoint(double MarketCap, double EquityVolatility, double RiskFreeRate);

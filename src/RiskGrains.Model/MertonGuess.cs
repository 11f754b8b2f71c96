namespace RiskGrains.Model;

/// <summary>
/// A starting point for the Merton solve (docs/risk-model.md §2.3): the asset value and asset volatility
/// solved at a nearby market, normally the previous tick's <see cref="MarketAssessment.NextGuess"/>.
/// <c>default</c> is no guess: the solve starts cold.
/// </summary>
public readonly record struct MertonGuess(double AssetValue, double AssetVolatility)
{
    /// <summary>Only a positive, finite asset value and volatility can seed the solve.</summary>
    internal bool IsUsable =>
        AssetValue > 0 && double.IsFinite(AssetValue) && AssetVolatility > 0 && double.IsFinite(AssetVolatility);
}

namespace RiskGrains.Model;

/// <summary>The credit-stress score: anchor tables, weights and bands (docs/risk-model.md §3).</summary>
public static class CreditStressScore
{
    public const string Default = "default";
    public const string Leverage = "leverage";
    public const string Liquidity = "liquidity";
    public const string Runway = "runway";
    public const string Coverage = "coverage";

    public const double DefaultWeight = 0.25;
    public const double LeverageWeight = 0.25;
    public const double LiquidityWeight = 0.20;
    public const double RunwayWeight = 0.20;
    public const double CoverageWeight = 0.10;

    // Anchors as (input, points), inputs ascending.
    private static readonly double[] DefaultX = [-4.0, -3.0, -2.0, Math.Log10(0.05), Math.Log10(0.2)];
    private static readonly double[] DefaultY = [0.0, 20.0, 50.0, 80.0, 100.0];
    private static readonly double[] LeverageX = [0.0, 1.0, 2.0, 3.0, 4.0, 6.0];
    private static readonly double[] LeverageY = [0.0, 15.0, 35.0, 55.0, 75.0, 100.0];
    private static readonly double[] LiquidityX = [0.5, 1.0, 1.2, 1.5, 2.0];
    private static readonly double[] LiquidityY = [100.0, 70.0, 40.0, 20.0, 0.0];
    private static readonly double[] RunwayX = [0.0, 6.0, 12.0, 24.0, 36.0];
    private static readonly double[] RunwayY = [100.0, 85.0, 60.0, 25.0, 0.0];
    private static readonly double[] CoverageX = [1.0, 2.0, 5.0, 10.0, 20.0];
    private static readonly double[] CoverageY = [100.0, 75.0, 40.0, 15.0, 0.0];

    /// <summary>Points of the default component from log10 of the default probability.</summary>
    public static double DefaultPoints(double log10DefaultProbability) =>
        Interpolate(DefaultX, DefaultY, log10DefaultProbability);

    /// <summary>Points of the leverage component from commitment-adjusted leverage.</summary>
    public static double LeveragePoints(double commitmentAdjustedLeverage) =>
        Interpolate(LeverageX, LeverageY, commitmentAdjustedLeverage);

    /// <summary>Points of the liquidity component from the 12-month coverage.</summary>
    public static double LiquidityPoints(double liquidityCoverage) =>
        Interpolate(LiquidityX, LiquidityY, liquidityCoverage);

    /// <summary>Points of the runway component from the defensive runway in months.</summary>
    public static double RunwayPoints(double runwayMonths) =>
        Interpolate(RunwayX, RunwayY, runwayMonths);

    /// <summary>Points of the coverage component from interest coverage.</summary>
    public static double CoveragePoints(double interestCoverage) =>
        Interpolate(CoverageX, CoverageY, interestCoverage);

    /// <summary>Band of a score: &lt; 20 low, &lt; 40 moderate, &lt; 60 elevated, &lt; 80 high, else severe.</summary>
    public static Band BandOf(double score) => score switch
    {
        < 20 => Band.Low,
        < 40 => Band.Moderate,
        < 60 => Band.Elevated,
        < 80 => Band.High,
        _ => Band.Severe,
    };

    /// <summary>Piecewise-linear interpolation between anchors, clamped at both ends.</summary>
    public static double Interpolate(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, double x)
    {
        if (xs.Length == 0 || xs.Length != ys.Length)
        {
            throw new ArgumentException("anchors must be non-empty pairs");
        }

        if (x <= xs[0])
        {
            return ys[0];
        }

        for (int i = 1; i < xs.Length; i++)
        {
            if (x <= xs[i])
            {
                double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
                return ys[i - 1] + (t * (ys[i] - ys[i - 1]));
            }
        }

        return ys[^1];
    }
}

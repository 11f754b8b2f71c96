using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace RiskGrains.Model;

/// <summary>The PD term structure of docs/risk-model.md §5: the question of the next six to ten years.</summary>
public static class PdTermStructure
{
    /// <summary>The horizons reported by default, in years.</summary>
    public static ImmutableArray<double> DefaultHorizons { get; } = [1, 2, 3, 5, 7, 10];

    /// <summary>
    /// The naive distance to default over each horizon on the commitment-adjusted default point
    /// (σV computed with it, as for the one-year figure), the cumulative probability kept from ever
    /// falling with the horizon, and the annual hazard. The horizons are ascending and positive.
    /// </summary>
    public static ImmutableArray<PdPoint> Evaluate(
        double equity, double equityVolatility, double commitmentAdjustedDefaultPoint, double drift, ImmutableArray<double> horizons)
    {
        var points = new PdPoint[horizons.Length];
        double previous = 0;
        for (int i = 0; i < points.Length; i++)
        {
            double years = horizons[i];
            double dd = DistanceToDefault.Naive(equity, equityVolatility, commitmentAdjustedDefaultPoint, drift, years);
            double pd = Math.Max(NormalDistribution.Cdf(-dd), previous);
            points[i] = new PdPoint(years, dd, pd, pd < 1 ? -Log1P(-pd) / years : null);
            previous = pd;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(points);
    }

    /// <summary>ln(1 + x), exact to the last digits for tiny x, where 1 + x would round to 1.</summary>
    internal static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }
}

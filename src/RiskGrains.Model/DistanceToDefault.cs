namespace RiskGrains.Model;

/// <summary>Distance to default, naive and Merton-solved (docs/risk-model.md §2.3).</summary>
public static class DistanceToDefault
{
    /// <summary>Reported distances to default lie in [-Bound, Bound]; F = 0 reports +Bound.</summary>
    public const double Bound = 10.0;

    // A cold start this close to the root converges in one Newton step; no warm start can beat it.
    private const double ColdStartGoodEnough = 1e-8;

    /// <summary>
    /// Naive distance to default of Bharath and Shumway (2008) over one year, clamped to ±10.
    /// A zero default point reports 10.
    /// </summary>
    public static double Naive(double equity, double equityVolatility, double defaultPoint, double drift) =>
        Naive(equity, equityVolatility, defaultPoint, drift, years: 1.0);

    /// <summary>
    /// The naive distance to default over <paramref name="years"/> (docs/risk-model.md §5), clamped
    /// to ±10; over one year it is exactly <see cref="Naive(double, double, double, double)"/>.
    /// </summary>
    public static double Naive(double equity, double equityVolatility, double defaultPoint, double drift, double years)
    {
        if (!(defaultPoint > 0))
        {
            return Bound;
        }

        double debtVolatility = 0.05 + 0.25 * equityVolatility;
        double firm = equity + defaultPoint;
        double assetVolatility = (equity / firm * equityVolatility) + (defaultPoint / firm * debtVolatility);
        double dd = (Math.Log(firm / defaultPoint) + (drift * years) - (0.5 * assetVolatility * assetVolatility * years)) / (assetVolatility * Math.Sqrt(years));
        return Clamp(dd);
    }

    /// <summary>
    /// Solves the Merton (1974) model for asset value and volatility by a damped 2-D Newton method,
    /// then reports the distance to default under the physical drift (MATLAB <c>mertonmodel</c>).
    /// The unknowns are scaled by equity, so the solve depends only on F/E. With a zero default point,
    /// or when the solve does not converge, every value is absent.
    /// </summary>
    public static MertonResult Merton(
        double equity,
        double equityVolatility,
        double defaultPoint,
        double riskFreeRate,
        double drift,
        double maturity = 1.0) =>
        Solve(equity, equityVolatility, defaultPoint, riskFreeRate, drift, maturity, default).ToResult();

    /// <summary>
    /// As <see cref="Merton(double, double, double, double, double, double)"/>, starting from
    /// <paramref name="warmStart"/> (the solution for a nearby market, such as the previous tick) when
    /// that is closer to the root than the cold start. It converges to the same root.
    /// </summary>
    public static MertonResult Merton(
        double equity,
        double equityVolatility,
        double defaultPoint,
        double riskFreeRate,
        double drift,
        MertonGuess warmStart,
        double maturity = 1.0) =>
        Solve(equity, equityVolatility, defaultPoint, riskFreeRate, drift, maturity, in warmStart).ToResult();

    /// <summary>The Merton solve without allocation, for the tick path.</summary>
    internal static MertonSolution Solve(
        double equity,
        double equityVolatility,
        double defaultPoint,
        double riskFreeRate,
        double drift,
        double maturity,
        in MertonGuess warmStart)
    {
        if (!(defaultPoint > 0) || !(equity > 0) || !(equityVolatility > 0) || !(maturity > 0))
        {
            return MertonSolution.NotSolved(0);
        }

        var problem = new MertonProblem(defaultPoint / equity, equityVolatility, riskFreeRate, maturity);

        // Cold start: the firm as equity plus riskless debt, close for all but distressed firms.
        double coldV = 1.0 + problem.DiscountedF;
        var cold = problem.At(coldV, equityVolatility / coldV);
        var start = cold;
        bool warm = false;
        if (cold.Norm >= ColdStartGoodEnough && warmStart.IsUsable)
        {
            var guess = problem.At(warmStart.AssetValue / equity, warmStart.AssetVolatility);
            if (guess.Norm < cold.Norm)
            {
                start = guess;
                warm = true;
            }
        }

        bool converged = problem.Solve(in start, out double v, out double s, out int iterations);
        if (!converged && warm)
        {
            // A warm start never does worse than a cold one: a stalled warm solve starts again cold.
            converged = problem.Solve(in cold, out v, out s, out int coldIterations);
            iterations += coldIterations;
        }

        // A solve that did not converge is not meaningful: its last iterate is no answer.
        double dd = (Math.Log(v / problem.F) + ((drift - (0.5 * s * s)) * maturity)) / (s * problem.SqrtT);
        if (!converged || !double.IsFinite(dd))
        {
            return MertonSolution.NotSolved(iterations);
        }

        return new MertonSolution(dd, NormalDistribution.Cdf(-dd), v * equity, s, iterations);
    }

    internal static double Clamp(double dd) =>
        double.IsNaN(dd) ? Bound : Math.Clamp(dd, -Bound, Bound);
}

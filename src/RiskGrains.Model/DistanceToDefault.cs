namespace RiskGrains.Model;

/// <summary>Distance to default, naive and Merton-solved (RISK-MODEL §2.3).</summary>
public static class DistanceToDefault
{
    /// <summary>Reported distances to default lie in [-Bound, Bound]; F = 0 reports +Bound.</summary>
    public const double Bound = 10.0;

    private const int MaxIterations = 100;
    private const double Tolerance = 1e-12;

    /// <summary>
    /// Naive distance to default of Bharath and Shumway (2008) over one year, clamped to ±10.
    /// A zero default point reports 10.
    /// </summary>
    public static double Naive(double equity, double equityVolatility, double defaultPoint, double drift)
    {
        if (!(defaultPoint > 0))
        {
            return Bound;
        }

        double debtVolatility = 0.05 + 0.25 * equityVolatility;
        double firm = equity + defaultPoint;
        double assetVolatility = (equity / firm * equityVolatility) + (defaultPoint / firm * debtVolatility);
        double dd = (Math.Log(firm / defaultPoint) + drift - 0.5 * assetVolatility * assetVolatility) / assetVolatility;
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
        double maturity = 1.0)
    {
        if (!(defaultPoint > 0) || !(equity > 0) || !(equityVolatility > 0) || !(maturity > 0))
        {
            return new MertonResult(null, null, null, null, 0, false);
        }

        double f = defaultPoint / equity;
        double discountedF = f * Math.Exp(-riskFreeRate * maturity);
        double sqrtT = Math.Sqrt(maturity);

        // Start from the firm as equity plus riskless debt, which is close for all but distressed firms.
        double v = 1.0 + discountedF;
        double s = equityVolatility / v;
        Residuals(v, s, f, discountedF, riskFreeRate, maturity, sqrtT, equityVolatility, out double r1, out double r2, out double nd1, out double bigNd1, out double d2);
        double norm = Math.Max(Math.Abs(r1), Math.Abs(r2));

        int iterations = 0;
        bool converged = norm < Tolerance;
        while (!converged && iterations < MaxIterations)
        {
            iterations++;

            // Jacobian of the scaled residuals with respect to (ln(V/E), ln σV): the log unknowns
            // keep both positive and tame the deep-distress region where N(d1) is tiny.
            double j11 = v * bigNd1;
            double j12 = s * v * nd1 * sqrtT;
            double j21 = v * ((nd1 / sqrtT) + (bigNd1 * s)) / equityVolatility;
            double j22 = s * v * (bigNd1 - (nd1 * d2)) / equityVolatility;
            double det = (j11 * j22) - (j12 * j21);
            if (det == 0 || !double.IsFinite(det))
            {
                break;
            }

            double dx = (-(r1 * j22) + (r2 * j12)) / det;
            double dy = (-(r2 * j11) + (r1 * j21)) / det;

            // Damp the step to stay in the domain and to reduce the residual.
            double lambda = 1.0;
            double nv = v, ns = s, nr1 = r1, nr2 = r2, nnd1 = nd1, nNd1 = bigNd1, nd2 = d2;
            double nnorm = double.PositiveInfinity;
            for (int halving = 0; halving < 40; halving++)
            {
                nv = v * Math.Exp(lambda * dx);
                ns = s * Math.Exp(lambda * dy);
                if (nv > 0 && ns > 0)
                {
                    Residuals(nv, ns, f, discountedF, riskFreeRate, maturity, sqrtT, equityVolatility, out nr1, out nr2, out nnd1, out nNd1, out nd2);
                    nnorm = Math.Max(Math.Abs(nr1), Math.Abs(nr2));
                    if (nnorm < norm)
                    {
                        break;
                    }
                }

                lambda *= 0.5;
            }

            if (!(nnorm < norm))
            {
                break;
            }

            v = nv;
            s = ns;
            r1 = nr1;
            r2 = nr2;
            nd1 = nnd1;
            bigNd1 = nNd1;
            d2 = nd2;
            norm = nnorm;
            converged = norm < Tolerance;
        }

        // A solve that did not converge is not meaningful: its last iterate is no answer.
        double dd = (Math.Log(v / f) + ((drift - (0.5 * s * s)) * maturity)) / (s * sqrtT);
        if (!converged || !double.IsFinite(dd))
        {
            return new MertonResult(null, null, null, null, iterations, false);
        }

        return new MertonResult(dd, NormalDistribution.Cdf(-dd), v * equity, s, iterations, converged);
    }

    internal static double Clamp(double dd) =>
        double.IsNaN(dd) ? Bound : Math.Clamp(dd, -Bound, Bound);

    private static void Residuals(
        double v,
        double s,
        double f,
        double discountedF,
        double rate,
        double maturity,
        double sqrtT,
        double equityVolatility,
        out double r1,
        out double r2,
        out double nd1,
        out double bigNd1,
        out double d2)
    {
        double sigmaSqrtT = s * sqrtT;
        double d1 = (Math.Log(v / f) + ((rate + (0.5 * s * s)) * maturity)) / sigmaSqrtT;
        d2 = d1 - sigmaSqrtT;
        bigNd1 = NormalDistribution.Cdf(d1);
        nd1 = NormalDistribution.Pdf(d1);

        // RISK-MODEL §2.3: residuals divided by E and σE·E (here E = 1 after scaling).
        r1 = (v * bigNd1) - (discountedF * NormalDistribution.Cdf(d2)) - 1.0;
        r2 = (bigNd1 * s * v / equityVolatility) - 1.0;
    }
}

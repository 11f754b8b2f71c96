namespace RiskGrains.Model;

/// <summary>
/// The Merton (1974) equations of docs/risk-model.md §2.3 scaled by equity (E = 1, F = F/E), and the damped
/// Newton method that solves them in (ln V, ln σV).
/// </summary>
internal readonly struct MertonProblem
{
    public const int MaxIterations = 100;
    public const double Tolerance = 1e-12;

    // The polishing step is taken only when it is a correction, never a jump (an ill-conditioned root).
    private const double PolishLimit = 1e-6;

    public readonly double F;
    public readonly double DiscountedF;
    public readonly double SqrtT;
    private readonly double _rate;
    private readonly double _maturity;
    private readonly double _equityVolatility;

    public MertonProblem(double f, double equityVolatility, double rate, double maturity)
    {
        F = f;
        DiscountedF = f * Math.Exp(-rate * maturity);
        SqrtT = Math.Sqrt(maturity);
        _rate = rate;
        _maturity = maturity;
        _equityVolatility = equityVolatility;
    }

    /// <summary>The residuals at (V/E, σV), and what the Jacobian there needs.</summary>
    public MertonPoint At(double v, double s)
    {
        double sigmaSqrtT = s * SqrtT;
        double d1 = (Math.Log(v / F) + ((_rate + (0.5 * s * s)) * _maturity)) / sigmaSqrtT;
        double d2 = d1 - sigmaSqrtT;
        double bigNd1 = NormalDistribution.Cdf(d1);
        double nd1 = NormalDistribution.Pdf(d1);

        // docs/risk-model.md §2.3: residuals divided by E and σE·E (here E = 1 after scaling).
        double r1 = (v * bigNd1) - (DiscountedF * NormalDistribution.Cdf(d2)) - 1.0;
        double r2 = (bigNd1 * s * v / _equityVolatility) - 1.0;
        return new MertonPoint(v, s, r1, r2, nd1, bigNd1, d2);
    }

    /// <summary>
    /// Newton iterations from <paramref name="start"/> until the residuals are below
    /// <see cref="Tolerance"/>, then one polishing step, which lands on the root to rounding so that
    /// every start that converges reports the same root. Returns false when the solve stalls.
    /// </summary>
    public bool Solve(in MertonPoint start, out double v, out double s, out int iterations)
    {
        var point = start;
        iterations = 0;
        bool converged = point.Norm < Tolerance;
        while (!converged && iterations < MaxIterations)
        {
            iterations++;
            if (!NewtonStep(in point, out double dx, out double dy))
            {
                break;
            }

            // Damp the step to stay in the domain and to reduce the residual.
            double lambda = 1.0;
            var next = point;
            bool reduced = false;
            for (int halving = 0; halving < 40; halving++)
            {
                double nv = point.V * Math.Exp(lambda * dx);
                double ns = point.S * Math.Exp(lambda * dy);
                if (nv > 0 && ns > 0)
                {
                    next = At(nv, ns);
                    if (next.Norm < point.Norm)
                    {
                        reduced = true;
                        break;
                    }
                }

                lambda *= 0.5;
            }

            if (!reduced)
            {
                break;
            }

            point = next;
            converged = point.Norm < Tolerance;
        }

        v = point.V;
        s = point.S;
        if (converged && NewtonStep(in point, out double px, out double py)
            && Math.Abs(px) <= PolishLimit && Math.Abs(py) <= PolishLimit)
        {
            v *= Math.Exp(px);
            s *= Math.Exp(py);
        }

        return converged;
    }

    // Jacobian of the scaled residuals with respect to (ln(V/E), ln σV): the log unknowns keep both
    // positive and tame the deep-distress region where N(d1) is tiny.
    private bool NewtonStep(in MertonPoint p, out double dx, out double dy)
    {
        double v = p.V, s = p.S;
        double j11 = v * p.BigNd1;
        double j12 = s * v * p.Nd1 * SqrtT;
        double j21 = v * ((p.Nd1 / SqrtT) + (p.BigNd1 * s)) / _equityVolatility;
        double j22 = s * v * (p.BigNd1 - (p.Nd1 * p.D2)) / _equityVolatility;
        double det = (j11 * j22) - (j12 * j21);
        if (det == 0 || !double.IsFinite(det))
        {
            dx = dy = 0;
            return false;
        }

        dx = (-(p.R1 * j22) + (p.R2 * j12)) / det;
        dy = (-(p.R2 * j11) + (p.R1 * j21)) / det;
        return true;
    }
}

namespace RiskGrains.Model;

/// <summary>
/// The standard normal distribution, accurate to about 1e-15 relative in the tails, which the
/// default probabilities of docs/risk-model.md §2.3 need (N(-10) is about 7.6e-24).
/// </summary>
public static class NormalDistribution
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;
    private const double InvSqrtPi = 0.56418958354775628695;

    // Where Acklam's central approximation gives way to the tail one.
    private const double QuantileTail = 0.02425;

    /// <summary>N(x), the cumulative distribution function.</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x * InvSqrt2);

    /// <summary>φ(x), the density.</summary>
    public static double Pdf(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);

    /// <summary>
    /// N⁻¹(p), the quantile, for 0 &lt; p &lt; 1 (±∞ at 0 and 1, NaN outside): P. J. Acklam's rational
    /// approximation (relative error below 1.2e-9), refined by one Halley step against <see cref="Cdf"/>
    /// to about 1e-15, as the stressed probabilities of docs/risk-model.md §7 need.
    /// </summary>
    public static double Quantile(double p)
    {
        if (!(p > 0 && p < 1))
        {
            return p == 0 ? double.NegativeInfinity : p == 1 ? double.PositiveInfinity : double.NaN;
        }

        double x;
        if (p < QuantileTail)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            x = Tail(q);
        }
        else if (p <= 1 - QuantileTail)
        {
            double q = p - 0.5;
            double r = q * q;
            x = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
                / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
        }
        else
        {
            double q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -Tail(q);
        }

        // One Halley step: the approximation is already close, so this doubles its digits.
        double e = Cdf(x) - p;
        double u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(0.5 * x * x);
        return x - (u / (1 + (0.5 * x * u)));

        static double Tail(double q) =>
            (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
            / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
    }

    /// <summary>
    /// The complementary error function by W. J. Cody's rational Chebyshev approximations
    /// (Math. Comp. 1969, CALERF), with the exp(-x²) factor split to keep full precision.
    /// </summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        double y = Math.Abs(x);
        double result;
        if (y <= 0.46875)
        {
            double ysq = y > 1.11e-16 ? y * y : 0.0;
            double xnum = 1.85777706184603153e-1 * ysq;
            double xden = ysq;
            xnum = (xnum + 3.16112374387056560e00) * ysq;
            xden = (xden + 2.36012909523441209e01) * ysq;
            xnum = (xnum + 1.13864154151050156e02) * ysq;
            xden = (xden + 2.44024637934444173e02) * ysq;
            xnum = (xnum + 3.77485237685302021e02) * ysq;
            xden = (xden + 1.28261652607737228e03) * ysq;
            return 1.0 - (x * (xnum + 3.20937758913846947e03) / (xden + 2.84423683343917062e03));
        }

        if (y <= 4.0)
        {
            double xnum = 2.15311535474403846e-8 * y;
            double xden = y;
            xnum = (xnum + 5.64188496988670089e-1) * y;
            xden = (xden + 1.57449261107098347e01) * y;
            xnum = (xnum + 8.88314979438837594e00) * y;
            xden = (xden + 1.17693950891312499e02) * y;
            xnum = (xnum + 6.61191906371416295e01) * y;
            xden = (xden + 5.37181101862009858e02) * y;
            xnum = (xnum + 2.98635138197400131e02) * y;
            xden = (xden + 1.62138957456669019e03) * y;
            xnum = (xnum + 8.81952221241769090e02) * y;
            xden = (xden + 3.29079923573345963e03) * y;
            xnum = (xnum + 1.71204761263407058e03) * y;
            xden = (xden + 4.36261909014324716e03) * y;
            xnum = (xnum + 2.05107837782607147e03) * y;
            xden = (xden + 3.43936767414372164e03) * y;
            result = (xnum + 1.23033935479799725e03) / (xden + 1.23033935480374942e03);
            result = ScaleByGaussian(result, y);
        }
        else if (y >= ErfcZeroFrom)
        {
            result = 0.0;
        }
        else
        {
            double ysq = 1.0 / (y * y);
            double xnum = 1.63153871373020978e-2 * ysq;
            double xden = ysq;
            xnum = (xnum + 3.05326634961232344e-1) * ysq;
            xden = (xden + 2.56852019228982242e00) * ysq;
            xnum = (xnum + 3.60344899949804439e-1) * ysq;
            xden = (xden + 1.87295284992346047e00) * ysq;
            xnum = (xnum + 1.25781726111229246e-1) * ysq;
            xden = (xden + 5.27905102951428412e-1) * ysq;
            xnum = (xnum + 1.60837851487422766e-2) * ysq;
            xden = (xden + 6.05183413124413191e-2) * ysq;
            result = ysq * (xnum + 6.58749161529837803e-4) / (xden + 2.33520497626869185e-3);
            result = (InvSqrtPi - result) / y;
            result = ScaleByGaussian(result, y);
        }

        return x < 0 ? 2.0 - result : result;
    }

    // Erfc is 0 from here on (Cody's XBIG).
    private const double ErfcZeroFrom = 26.543;

    // exp(-a²) for a = k/16 up to ErfcZeroFrom, computed once: it halves the exponentials of every Cdf.
    private static readonly double[] GaussianAtSixteenths = BuildGaussianAtSixteenths();

    // exp(-y²) as exp(-a²)·exp(-(y-a)(y+a)) with a = y rounded down to 1/16, so no precision is lost in y².
    private static double ScaleByGaussian(double value, double y)
    {
        double k = Math.Truncate(y * 16.0);
        double a = k / 16.0;
        double del = (y - a) * (y + a);
        return GaussianAtSixteenths[(int)k] * Math.Exp(-del) * value;
    }

    private static double[] BuildGaussianAtSixteenths()
    {
        var table = new double[(int)(ErfcZeroFrom * 16.0) + 1];
        for (int k = 0; k < table.Length; k++)
        {
            double a = k / 16.0;
            table[k] = Math.Exp(-a * a);
        }

        return table;
    }
}

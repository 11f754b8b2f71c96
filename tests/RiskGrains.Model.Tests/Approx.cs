namespace RiskGrains.Model.Tests;

internal static class Approx
{
    /// <summary>Asserts |expected - actual| <= relative × |expected|, for values of any magnitude.</summary>
    public static void Equal(double expected, double actual, double relative = 1e-12)
    {
        Assert.True(
            Math.Abs(expected - actual) <= relative * Math.Abs(expected),
            $"expected {expected:R}, actual {actual:R} (relative tolerance {relative})");
    }
}

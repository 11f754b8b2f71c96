namespace RiskGrains.Model.Tests;

public class NormalDistributionTests
{
    [Theory]
    [InlineData(0.0, 0.5, 1e-15)]
    [InlineData(-1.0, 0.15865525393145705, 1e-15)]
    [InlineData(1.0, 0.84134474606854295, 1e-15)]
    [InlineData(-0.3, 0.38208857781104736, 1e-15)]
    [InlineData(-2.5, 0.0062096653257761352, 1e-14)]
    [InlineData(-5.0, 2.8665157187919391e-07, 1e-14)]
    [InlineData(-10.0, 7.6198530241605261e-24, 1e-14)]
    [InlineData(-20.0, 2.7536241186062337e-89, 1e-13)]
    public void Normal_cdf_is_accurate_in_the_tails(double x, double expected, double relativeTolerance)
    {
        // Expected values from 40-digit arithmetic; far tails lose a little to the rounding of x/√2.
        double actual = NormalDistribution.Cdf(x);

        Assert.True(Math.Abs(actual - expected) <= relativeTolerance * expected, $"N({x}) = {actual:R}, expected {expected:R}");
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.46875)]
    [InlineData(1.7)]
    [InlineData(4.0)]
    [InlineData(6.5)]
    public void Normal_cdf_is_symmetric(double x)
    {
        Assert.Equal(1.0, NormalDistribution.Cdf(x) + NormalDistribution.Cdf(-x), 15);
    }

    [Fact]
    public void Erfc_of_zero_is_one_and_of_large_arguments_is_zero_or_two()
    {
        Assert.Equal(1.0, NormalDistribution.Erfc(0));
        Assert.Equal(0.0, NormalDistribution.Erfc(30));
        Assert.Equal(2.0, NormalDistribution.Erfc(-30));
    }
}

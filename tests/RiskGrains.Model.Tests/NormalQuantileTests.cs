namespace RiskGrains.Model.Tests;

public class NormalQuantileTests
{
    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.999, 3.0902323061678132)]
    [InlineData(0.01, -2.3263478740408408)]
    [InlineData(0.0003, -3.4316144036232696)]
    [InlineData(1e-10, -6.3613409024040557)]
    [InlineData(0.975, 1.959963984540054)]
    public void The_quantile_matches_published_values(double p, double expected)
    {
        Assert.Equal(expected, NormalDistribution.Quantile(p), 1e-12);
    }

    [Fact]
    public void The_quantile_inverts_the_cdf_across_the_range()
    {
        foreach (var p in new[] { 1e-300, 1e-100, 1e-20, 1e-5, 0.02, 0.02425, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97575, 0.999, 1 - 1e-9 })
        {
            var x = NormalDistribution.Quantile(p);
            Assert.Equal(1.0, NormalDistribution.Cdf(x) / p, 1e-12);
        }
    }

    [Fact]
    public void The_quantile_is_infinite_at_zero_and_one_and_nan_outside()
    {
        Assert.Equal(double.NegativeInfinity, NormalDistribution.Quantile(0));
        Assert.Equal(double.PositiveInfinity, NormalDistribution.Quantile(1));
        Assert.True(double.IsNaN(NormalDistribution.Quantile(-0.1)));
        Assert.True(double.IsNaN(NormalDistribution.Quantile(double.NaN)));
    }
}

using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class CreditStressScoreTests
{
    [Theory]
    [InlineData(-5.0, 0)]
    [InlineData(-4.0, 0)]
    [InlineData(-3.5, 10)]
    [InlineData(-3.0, 20)]
    [InlineData(-2.0, 50)]
    [InlineData(-1.3010299956639813, 80)]
    [InlineData(-0.69897000433601886, 100)]
    [InlineData(0.0, 100)]
    public void Default_points_interpolate_log10_pd_between_anchors(double log10Pd, double points)
    {
        Assert.Equal(points, CreditStressScore.DefaultPoints(log10Pd), 9);
    }

    [Theory]
    [InlineData(-1.0, 0)]
    [InlineData(0.5, 7.5)]
    [InlineData(2.5, 45)]
    [InlineData(5.0, 87.5)]
    [InlineData(6.0, 100)]
    [InlineData(9.0, 100)]
    public void Leverage_points_interpolate_and_clamp(double leverage, double points)
    {
        Assert.Equal(points, CreditStressScore.LeveragePoints(leverage), 9);
    }

    [Theory]
    [InlineData(0.2, 100)]
    [InlineData(0.75, 85)]
    [InlineData(1.1, 55)]
    [InlineData(1.35, 30)]
    [InlineData(1.75, 10)]
    [InlineData(99, 0)]
    public void Liquidity_points_fall_as_coverage_rises(double coverage, double points)
    {
        Assert.Equal(points, CreditStressScore.LiquidityPoints(coverage), 9);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(3, 92.5)]
    [InlineData(9, 72.5)]
    [InlineData(18, 42.5)]
    [InlineData(30, 12.5)]
    [InlineData(60, 0)]
    public void Runway_points_fall_as_runway_lengthens(double months, double points)
    {
        Assert.Equal(points, CreditStressScore.RunwayPoints(months), 9);
    }

    [Theory]
    [InlineData(-2, 100)]
    [InlineData(1.5, 87.5)]
    [InlineData(3.5, 57.5)]
    [InlineData(7.5, 27.5)]
    [InlineData(15, 7.5)]
    [InlineData(25, 0)]
    public void Coverage_points_fall_as_interest_coverage_rises(double coverage, double points)
    {
        Assert.Equal(points, CreditStressScore.CoveragePoints(coverage), 9);
    }

    [Theory]
    [InlineData(0, Band.Low)]
    [InlineData(19.999, Band.Low)]
    [InlineData(20, Band.Moderate)]
    [InlineData(39.999, Band.Moderate)]
    [InlineData(40, Band.Elevated)]
    [InlineData(60, Band.High)]
    [InlineData(79.999, Band.High)]
    [InlineData(80, Band.Severe)]
    [InlineData(100, Band.Severe)]
    public void Bands_split_the_score_at_20_40_60_and_80(double score, Band band)
    {
        Assert.Equal(band, CreditStressScore.BandOf(score));
    }

    [Fact]
    public void Stressed_company_scores_the_weighted_points_of_all_five_components()
    {
        var a = Evaluate(Stressed());

        // Inputs by hand: CAL (440/100) 4.4, coverage 100/90, runway 19, interest coverage 4, F_c 290.
        Assert.Equal(4.4, a.CommitmentAdjustedLeverage!.Value, 12);
        Assert.Equal(100.0 / 90.0, a.LiquidityCoverage12M!.Value, 12);
        Assert.Equal(19, a.RunwayMonths);
        Assert.Equal(4, a.InterestCoverage!.Value, 12);
        Assert.Equal(290, a.CommitmentAdjustedDefaultPoint);
        Assert.Equal(0.09386247594703613, a.CommitmentAdjustedDefaultProbability!.Value, 14);

        Assert.Equal(["default", "leverage", "liquidity", "runway", "coverage"], a.Components.Select(c => c.Component));
        double[] points = [89.08620422046017, 80, 53.333333333333336, 39.583333333333336, 51.666666666666664];
        for (int i = 0; i < points.Length; i++)
        {
            Assert.Equal(points[i], a.Components[i].Points, 9);
        }

        Assert.Equal([0.25, 0.25, 0.2, 0.2, 0.1], a.Components.Select(c => Math.Round(c.Weight, 12)));
        Assert.Equal(66.02155105511504, a.Score!.Value, 9);
        Assert.Equal(Band.High, a.Band);
        Assert.Equal(a.Score!.Value, a.Components.Sum(c => c.Contribution), 12);
    }

    [Fact]
    public void Without_market_data_the_default_component_is_left_out_and_weights_renormalised()
    {
        var a = Evaluate(Stressed(withMarket: false));

        Assert.Equal(["leverage", "liquidity", "runway", "coverage"], a.Components.Select(c => c.Component));
        Assert.Equal(1.0, a.Components.Sum(c => c.Weight), 12);
        Assert.Equal(0.25 / 0.75, a.Components[0].Weight, 12);
        Assert.Equal((0.25 * 80) + (0.2 * 53.333333333333336) + (0.2 * 39.583333333333336) + (0.1 * 51.666666666666664), 0.75 * a.Score!.Value, 9);
        Assert.Equal(58.333333333333336, a.Score!.Value, 9);
        Assert.Equal(Band.Elevated, a.Band);
        Assert.Equal(a.Score!.Value, a.Components.Sum(c => c.Contribution), 12);
    }

    [Fact]
    public void Component_inputs_are_reported_with_their_points()
    {
        var a = Evaluate(Stressed());

        Assert.Equal(Math.Log10(a.CommitmentAdjustedDefaultProbability!.Value), a.Components[0].Input!.Value, 12);
        Assert.Equal(a.CommitmentAdjustedLeverage, a.Components[1].Input);
        Assert.Equal(a.LiquidityCoverage12M, a.Components[2].Input);
        Assert.Equal(19, a.Components[3].Input);
        Assert.Equal(a.InterestCoverage, a.Components[4].Input);
    }

    [Fact]
    public void Leverage_scores_100_when_ebitda_is_not_positive_and_net_debt_is_positive()
    {
        var a = Evaluate(Inputs(BaseQuarters(p => p with { Ebitda = -100 })));

        var leverage = a.Components.Single(c => c.Component == CreditStressScore.Leverage);
        Assert.Null(leverage.Input);
        Assert.Equal(100, leverage.Points);
    }

    [Fact]
    public void Leverage_scores_0_when_ebitda_is_not_positive_and_the_company_has_net_cash()
    {
        var a = Evaluate(Inputs(BaseQuarters(p => p with { Ebitda = -100, Cash = 1000 })));

        Assert.True(a.CommitmentAdjustedNetDebt <= 0);
        Assert.Equal(0, a.Components.Single(c => c.Component == CreditStressScore.Leverage).Points);
    }

    [Fact]
    public void Coverage_scores_0_when_there_is_no_interest_expense()
    {
        var periods = BaseQuarters();
        periods = [.. periods.Select(p => p with { InterestExpense = 0 })];

        var a = Evaluate(Inputs(periods));

        var coverage = a.Components.Single(c => c.Component == CreditStressScore.Coverage);
        Assert.Null(coverage.Input);
        Assert.Equal(0, coverage.Points);
    }

    [Fact]
    public void A_default_probability_below_1e_minus_4_scores_0()
    {
        var a = Evaluate(Inputs(BaseQuarters(), Market()));

        Assert.True(a.CommitmentAdjustedDefaultProbability < 1e-4);
        Assert.Equal(0, a.Components[0].Points);
    }

    [Fact]
    public void A_strong_company_scores_low()
    {
        var a = Evaluate(Inputs(BaseQuarters(), Market(), CommitmentA(), CommitmentB()));

        // Only leverage (1.82 → 31.4) and coverage (10 → 15) score.
        Assert.Equal((0.25 * 31.4) + (0.1 * 15), a.Score!.Value, 9);
        Assert.Equal(Band.Low, a.Band);
    }
}

using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class DistanceToDefaultTests
{
    [Theory]
    [InlineData(2.6406e7, 0.7103, 4e7, 0.05, 0.0306, 1.5237, 0.0638)]
    [InlineData(2.6817e7, 0.3929, 3.5e7, 0.05, 0.03, 3.1679, 0.0008)]
    [InlineData(2.528e7, 0.6181, 4e7, 0.05, 0.0305, 1.8196, 0.0344)]
    public void Merton_solve_reproduces_the_published_mertonmodel_vectors(
        double equity, double volatility, double liability, double rate, double drift, double dd, double pd)
    {
        var m = DistanceToDefault.Merton(equity, volatility, liability, rate, drift);

        Assert.True(m.Converged);
        Assert.InRange(m.Iterations, 1, 20);
        Assert.Equal(dd, Math.Round(m.DistanceToDefault!.Value, 4));
        Assert.Equal(pd, Math.Round(m.DefaultProbability!.Value, 4));
    }

    [Fact]
    public void Merton_solution_satisfies_both_equations()
    {
        double e = 2.6406e7, sigmaE = 0.7103, f = 4e7, r = 0.05;

        var m = DistanceToDefault.Merton(e, sigmaE, f, r, 0.0306);

        double v = m.AssetValue!.Value, s = m.AssetVolatility!.Value;
        double d1 = (Math.Log(v / f) + r + (0.5 * s * s)) / s;
        double d2 = d1 - s;
        double call = (v * NormalDistribution.Cdf(d1)) - (f * Math.Exp(-r) * NormalDistribution.Cdf(d2));
        Assert.Equal(1.0, call / e, 10);
        Assert.Equal(1.0, NormalDistribution.Cdf(d1) * s * v / (sigmaE * e), 10);
    }

    [Fact]
    public void Merton_solve_is_scale_invariant()
    {
        var small = DistanceToDefault.Merton(26.406, 0.7103, 40, 0.05, 0.0306);
        var large = DistanceToDefault.Merton(2.6406e13, 0.7103, 4e13, 0.05, 0.0306);

        Assert.Equal(small.DistanceToDefault!.Value, large.DistanceToDefault!.Value, 9);
        Assert.Equal(small.AssetVolatility!.Value, large.AssetVolatility!.Value, 9);
        Assert.Equal(small.AssetValue!.Value * 1e12, large.AssetValue!.Value, 1e-9 * large.AssetValue.Value);
    }

    [Fact]
    public void Evaluate_reports_the_merton_solve_beside_the_naive_distance()
    {
        var company = Inputs(Annual() with { ShortTermDebt = 4e7 }, Market(2.6406e7, 0.7103, 0.05, 0.0306));

        var a = Evaluate(company);

        Assert.Equal(4e7, a.DefaultPoint);
        Assert.Equal(1.5237, Math.Round(a.Merton!.DistanceToDefault!.Value, 4));
        Assert.Equal(0.0638, Math.Round(a.Merton.DefaultProbability!.Value, 4));
        Assert.True(a.Merton.Converged);
    }

    [Fact]
    public void Naive_distance_to_default_follows_bharath_and_shumway()
    {
        var a = Evaluate(Inputs(BaseQuarters(), Market(1000, 0.4, 0.04)));

        // F = 30 + 0.5 × 200; σD = 0.15; σV = (1000 × 0.4 + 130 × 0.15) / 1130; drift defaults to the rate.
        Assert.Equal(130, a.DefaultPoint);
        Assert.Equal(5.747051475463101, a.DistanceToDefault!.Value, 12);
        Approx.Equal(4.540654487050334e-09, a.DefaultProbability!.Value, 1e-10);
        Assert.True(a.HasMarketData);
    }

    [Fact]
    public void Commitment_adjusted_default_point_counts_the_year_in_full_and_the_rest_at_half()
    {
        var a = Evaluate(Inputs(BaseQuarters(), Market(1000, 0.4, 0.04), CommitmentA(), CommitmentB()));

        // A: 30 within a year + 0.5 × (60 - 30); B: 8 + 0.5 × max(0, 12 - 8).
        Assert.Equal(130 + 45 + 10, a.CommitmentAdjustedDefaultPoint);
        Assert.Equal(5.075186400338624, a.CommitmentAdjustedDistanceToDefault!.Value, 12);
        Approx.Equal(1.9355816045909074e-07, a.CommitmentAdjustedDefaultProbability!.Value, 1e-10);
        Assert.Equal(5.747051475463101, a.DistanceToDefault!.Value, 12);
    }

    [Fact]
    public void A_cancellable_commitment_counts_its_year_payments_in_full_even_above_its_penalty()
    {
        var a = Evaluate(Inputs(BaseQuarters(), Market(), CommitmentB() with { CancellationPenalty = 0 }));

        Assert.Equal(130 + 8, a.CommitmentAdjustedDefaultPoint);
    }

    [Fact]
    public void Explicit_drift_replaces_the_risk_free_rate()
    {
        var withRate = Evaluate(Inputs(BaseQuarters(), Market(1000, 0.4, 0.04)));
        var withDrift = Evaluate(Inputs(BaseQuarters(), Market(1000, 0.4, 0.04, 0.14)));

        double sigmaV = ((1000 * 0.4) + (130 * 0.15)) / 1130;
        Assert.Equal(withRate.DistanceToDefault!.Value + (0.10 / sigmaV), withDrift.DistanceToDefault!.Value, 12);
    }

    [Fact]
    public void Zero_default_point_reports_distance_10_and_no_merton_solve()
    {
        var company = Inputs(Annual() with { Cash = 10 }, Market());

        var a = Evaluate(company);

        Assert.Equal(0, a.DefaultPoint);
        Assert.Equal(10, a.DistanceToDefault);
        Assert.Equal(NormalDistribution.Cdf(-10), a.DefaultProbability);
        Assert.Equal(10, a.CommitmentAdjustedDistanceToDefault);
        Assert.Contains(RiskFlags.NoDefaultPoint, a.Flags);
        Assert.Null(a.Merton!.DistanceToDefault);
        Assert.Null(a.Merton.DefaultProbability);
        Assert.False(a.Merton.Converged);
        Assert.Contains(new NotMeaningful("merton_distance_to_default", RiskFlags.NoDefaultPoint), a.NotMeaningful);
    }

    [Fact]
    public void Zero_default_point_with_commitments_still_measures_the_commitment_adjusted_distance()
    {
        var a = Evaluate(Inputs(Annual() with { Cash = 10 }, Market(1000, 0.4, 0.04), CommitmentA()));

        Assert.Equal(10, a.DistanceToDefault);
        Assert.Equal(45, a.CommitmentAdjustedDefaultPoint);
        Assert.Equal(DistanceToDefault.Naive(1000, 0.4, 45, 0.04), a.CommitmentAdjustedDistanceToDefault);
        Assert.True(a.CommitmentAdjustedDistanceToDefault < 10);
    }

    [Fact]
    public void Distance_to_default_is_clamped_to_plus_and_minus_10()
    {
        Assert.Equal(10, DistanceToDefault.Naive(1e9, 0.4, 1, 0.04));
        Assert.Equal(-10, DistanceToDefault.Naive(1, 0.4, 1e6, -3));
        Assert.Equal(10, DistanceToDefault.Naive(1, 0.4, 0, 0.04));
    }

    [Fact]
    public void Without_market_data_distances_are_absent_and_flagged()
    {
        var a = Evaluate(Inputs(BaseQuarters()));

        Assert.False(a.HasMarketData);
        Assert.Null(a.DistanceToDefault);
        Assert.Null(a.DefaultProbability);
        Assert.Null(a.CommitmentAdjustedDefaultProbability);
        Assert.Null(a.Merton);
        Assert.Equal(130, a.DefaultPoint);
        Assert.Contains(RiskFlags.NoMarketData, a.Flags);
    }

    [Fact]
    public void A_merton_solve_that_does_not_converge_reports_no_values()
    {
        // Equity worth 0.01% of the debt at 500% volatility has no asset-value solution the solve can reach.
        var m = DistanceToDefault.Merton(1, 5, 1e4, 0.05, 0.03);

        Assert.False(m.Converged);
        Assert.True(m.Iterations > 0);
        Assert.Null(m.DistanceToDefault);
        Assert.Null(m.DefaultProbability);
        Assert.Null(m.AssetValue);
    }

    [Fact]
    public void Evaluate_flags_a_merton_solve_that_does_not_converge()
    {
        var a = Evaluate(Inputs(Annual() with { ShortTermDebt = 1e4 }, Market(1, 5, 0.05, 0.03)));

        Assert.Contains(RiskFlags.MertonNotConverged, a.Flags);
        Assert.Contains(new NotMeaningful("merton_distance_to_default", RiskFlags.MertonNotConverged), a.NotMeaningful);
        Assert.Equal(DistanceToDefault.Naive(1, 5, 1e4, 0.03), a.DistanceToDefault);
        Assert.NotNull(a.Score);
    }
}

using System.Collections.Immutable;
using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class IncrementalEvaluationTests
{
    private static readonly Dictionary<string, Func<(CompanyInputs Inputs, ModelParameters Parameters)>> Cases = new()
    {
        ["base company with two commitments"] = () => (Inputs(BaseQuarters(), Market(), CommitmentA(), CommitmentB()), ModelParameters.Default),
        ["zero default point (F = 0) with a commitment-adjusted one"] = () => (Inputs(Annual() with { Cash = 10 }, Market(), CommitmentA()), ModelParameters.Default),
        ["zero default point and no commitments"] = () => (Inputs(Annual() with { Cash = 10 }, Market()), ModelParameters.Default),
        ["EBITDA and operating cash flow negative"] = () => (
            Inputs(Annual() with { Cash = 50, ShortTermDebt = 60, LongTermDebt = 100, Ebitda = -5, OperatingCashFlow = -10, InterestExpense = 4 }, Market(200, 0.6), CommitmentA()),
            ModelParameters.Default),
        ["EBITDA exactly zero with net cash"] = () => (Inputs(Annual() with { Cash = 500, LongTermDebt = 100, Ebitda = 0, InterestExpense = 1 }, Market()), ModelParameters.Default),
        ["partial TTM from one quarter"] = () => (Inputs(BaseQuarter(T0), Market(), CommitmentA()), ModelParameters.Default),
        ["capped runway"] = () => (Inputs(BaseQuarters(q => q with { Cash = 1e6 }), Market(), CommitmentA()), ModelParameters.Default),
        ["runway that runs out"] = () => (Stressed(), ModelParameters.Default),
        ["cancellable commitments, one without penalty"] = () => (
            Inputs(BaseQuarters(), Market(), CommitmentB(), CommitmentB() with { Id = "free", CancellationPenalty = 0 }),
            ModelParameters.Default),
        ["no financial period"] = () => (Inputs(ImmutableArray<FinancialPeriod>.Empty, Market(), CommitmentA()), ModelParameters.Default),
        ["Merton solve that does not converge"] = () => (Inputs(Annual() with { ShortTermDebt = 1e4 }, Market(1, 5, 0.05, 0.03)), ModelParameters.Default),
        ["no liquidity, no interest, no uses"] = () => (Inputs(Annual() with { LongTermDebt = 10, Ebitda = 5 }, Market()), ModelParameters.Default),
        ["debt maturities inside and beyond the horizon"] = () => (
            Inputs(BaseQuarters(q => q with { DebtMaturities = [Pay(2025, 3, 31, 15), Pay(2026, 1, 31, 40), Pay(2031, 1, 31, 90)] }), Market(400, 0.7, 0.05, -0.1), CommitmentA()),
            ModelParameters.Default),
        ["haircuts and a closed credit window"] = () => (
            Inputs(BaseQuarters(), Market(300, 0.5), CommitmentA(), CommitmentB()),
            new ModelParameters { OcfHaircut = 0.2, EbitdaHaircut = 0.3, CreditWindowClosed = true }),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Prepare_then_a_cold_tick_equals_the_full_evaluation_field_by_field(string name)
    {
        var (inputs, parameters) = Cases[name]();
        var fundamentals = FundamentalsAssessment.Prepare(inputs.Periods, inputs.Commitments, parameters);

        var incremental = fundamentals.Compose(fundamentals.EvaluateMarket(inputs.Market!, default));

        Equivalence.AssertSameAssessment(RiskModel.Evaluate(inputs, parameters), incremental);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Compose_without_market_equals_the_full_evaluation_without_market(string name)
    {
        var (inputs, parameters) = Cases[name]();
        var fundamentals = FundamentalsAssessment.Prepare(inputs.Periods, inputs.Commitments, parameters);

        var incremental = fundamentals.ComposeWithoutMarket();

        var full = RiskModel.Evaluate(inputs with { Market = null }, parameters);
        Equivalence.AssertSameAssessment(full, incremental);
        Assert.False(incremental.HasMarketData);
        Assert.Equal(full.Score, fundamentals.ScoreWithoutMarket);
        Assert.Equal(full.Band, fundamentals.BandWithoutMarket);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void A_warm_started_tick_equals_the_full_evaluation_of_that_tick(string name)
    {
        var (inputs, parameters) = Cases[name]();
        var fundamentals = FundamentalsAssessment.Prepare(inputs.Periods, inputs.Commitments, parameters);
        var previous = fundamentals.EvaluateMarket(inputs.Market!, default);
        var tick = inputs.Market! with { MarketCap = inputs.Market!.MarketCap * 0.97, EquityVolatility = inputs.Market.EquityVolatility * 1.05 };

        var incremental = fundamentals.Compose(fundamentals.EvaluateMarket(tick, previous.NextGuess));

        Equivalence.AssertSameAssessment(RiskModel.Evaluate(inputs with { Market = tick }, parameters), incremental, sameMertonIterations: false);
    }

    [Fact]
    public void The_market_assessment_reports_what_the_composed_record_reports()
    {
        var inputs = Stressed();
        var fundamentals = FundamentalsAssessment.Prepare(inputs.Periods, inputs.Commitments, ModelParameters.Default);

        var tick = fundamentals.EvaluateMarket(inputs.Market!, default);
        var a = fundamentals.Compose(tick);

        Assert.Same(inputs.Market, tick.Market);
        Assert.True(tick.HasFinancials);
        Assert.Equal(a.Score, tick.Score);
        Assert.Equal(a.Band, tick.Band);
        Assert.Equal(a.DistanceToDefault, tick.DistanceToDefault);
        Assert.Equal(a.DefaultProbability, tick.DefaultProbability);
        Assert.Equal(a.CommitmentAdjustedDistanceToDefault, tick.CommitmentAdjustedDistanceToDefault);
        Assert.Equal(a.CommitmentAdjustedDefaultProbability, tick.CommitmentAdjustedDefaultProbability);
        Assert.Equal(a.Components[0].Points, tick.DefaultComponentPoints);
        Assert.Equal(a.Merton!.DistanceToDefault, tick.MertonDistanceToDefault);
        Assert.Equal(a.Merton.DefaultProbability, tick.MertonDefaultProbability);
        Assert.Equal(a.Merton.AssetValue, tick.MertonAssetValue);
        Assert.Equal(a.Merton.AssetVolatility, tick.MertonAssetVolatility);
        Assert.Equal(a.Merton.Iterations, tick.MertonIterations);
        Assert.True(tick.MertonConverged);
        Assert.Equal(new MertonGuess(a.Merton.AssetValue!.Value, a.Merton.AssetVolatility!.Value), tick.NextGuess);
        Assert.Equal(a.DefaultPoint, fundamentals.DefaultPoint);
        Assert.Equal(a.CommitmentAdjustedDefaultPoint, fundamentals.CommitmentAdjustedDefaultPoint);
    }

    [Fact]
    public void Without_financial_periods_a_tick_has_no_values_and_composes_to_the_empty_assessment()
    {
        var fundamentals = FundamentalsAssessment.Prepare([], [CommitmentA()], ModelParameters.Default);

        var tick = fundamentals.EvaluateMarket(Market(), default);

        Assert.False(fundamentals.HasFinancials);
        Assert.Null(fundamentals.DefaultPoint);
        Assert.Null(fundamentals.ScoreWithoutMarket);
        Assert.Null(fundamentals.BandWithoutMarket);
        Assert.False(tick.HasFinancials);
        Assert.Null(tick.Score);
        Assert.Null(tick.Band);
        Assert.Null(tick.DistanceToDefault);
        Assert.False(tick.MertonConverged);
        Assert.Equal(default, tick.NextGuess);
        var a = fundamentals.Compose(tick);
        Assert.Equal([RiskFlags.NoFinancialPeriods], a.Flags.ToArray());
        Assert.True(a.HasMarketData);
        Assert.Equal(1, a.Commitments);
    }

    [Fact]
    public void A_tick_whose_merton_solve_fails_hands_on_a_cold_start()
    {
        var fundamentals = FundamentalsAssessment.Prepare([Annual() with { ShortTermDebt = 1e4 }], [], ModelParameters.Default);

        var tick = fundamentals.EvaluateMarket(Market(1, 5, 0.05, 0.03), default);

        Assert.False(tick.MertonConverged);
        Assert.Null(tick.MertonDistanceToDefault);
        Assert.Equal(default, tick.NextGuess);
        Assert.Contains(RiskFlags.MertonNotConverged, fundamentals.Compose(tick).Flags);
    }

    [Fact]
    public void Compose_rejects_a_tick_evaluated_against_other_fundamentals()
    {
        var inputs = Inputs(BaseQuarters(), Market());
        var current = FundamentalsAssessment.Prepare(inputs.Periods, inputs.Commitments, ModelParameters.Default);
        var stale = FundamentalsAssessment.Prepare(inputs.Periods, inputs.Commitments, ModelParameters.Default);
        var tick = stale.EvaluateMarket(inputs.Market!, default);

        var error = Assert.Throws<ArgumentException>(() => current.Compose(tick));

        Assert.Equal("market", error.ParamName);
        Assert.Throws<ArgumentException>(() => current.Compose(default));
    }

    [Fact]
    public void One_prepared_fundamentals_serves_ticks_from_many_threads()
    {
        var inputs = Stressed();
        var fundamentals = FundamentalsAssessment.Prepare(inputs.Periods, inputs.Commitments, ModelParameters.Default);
        var ticks = Enumerable.Range(0, 64).Select(i => inputs.Market! with { MarketCap = 150 + i }).ToArray();
        var expected = ticks.Select(t => RiskModel.Evaluate(inputs with { Market = t }, ModelParameters.Default).Score).ToArray();

        var actual = new double?[ticks.Length];
        Parallel.For(0, ticks.Length, i => actual[i] = fundamentals.EvaluateMarket(ticks[i], default).Score);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(2.6406e7, 0.7103, 4e7, 0.05, 0.0306)]
    [InlineData(2.6817e7, 0.3929, 3.5e7, 0.05, 0.03)]
    [InlineData(2.528e7, 0.6181, 4e7, 0.05, 0.0305)]
    [InlineData(100, 0.9, 2000, 0.04, 0.02)]
    [InlineData(5, 1.2, 15000, 0.08, -0.2)]
    public void A_merton_solve_warm_started_from_a_nearby_tick_reaches_the_cold_root_in_no_more_iterations(
        double equity, double volatility, double liability, double rate, double drift)
    {
        var previous = DistanceToDefault.Merton(equity * 0.998, volatility * 1.001, liability, rate, drift);
        var guess = new MertonGuess(previous.AssetValue!.Value, previous.AssetVolatility!.Value);

        var cold = DistanceToDefault.Merton(equity, volatility, liability, rate, drift);
        var warm = DistanceToDefault.Merton(equity, volatility, liability, rate, drift, guess);

        Assert.True(warm.Converged);
        Equivalence.SameMerton(cold, warm, sameIterations: false);
        Assert.True(warm.Iterations <= cold.Iterations, $"warm {warm.Iterations} iterations, cold {cold.Iterations}");
    }

    [Fact]
    public void A_warm_start_saves_newton_iterations_where_the_cold_start_is_poor()
    {
        // The first MATLAB vector (F/E ≈ 1.5) and a distressed firm (F/E = 20): riskless debt is a poor first guess.
        var matlabPrevious = DistanceToDefault.Merton(2.6406e7 * 0.999, 0.7103, 4e7, 0.05, 0.0306);
        var distressedPrevious = DistanceToDefault.Merton(100 * 0.999, 0.9, 2000, 0.04, 0.02);

        var matlab = DistanceToDefault.Merton(2.6406e7, 0.7103, 4e7, 0.05, 0.0306, new MertonGuess(matlabPrevious.AssetValue!.Value, matlabPrevious.AssetVolatility!.Value));
        var distressed = DistanceToDefault.Merton(100, 0.9, 2000, 0.04, 0.02, new MertonGuess(distressedPrevious.AssetValue!.Value, distressedPrevious.AssetVolatility!.Value));

        Assert.Equal(3, DistanceToDefault.Merton(2.6406e7, 0.7103, 4e7, 0.05, 0.0306).Iterations);
        Assert.Equal(2, matlab.Iterations);
        Assert.Equal(4, DistanceToDefault.Merton(100, 0.9, 2000, 0.04, 0.02).Iterations);
        Assert.Equal(2, distressed.Iterations);
    }

    [Theory]
    [InlineData(double.NaN, 0.3)]
    [InlineData(-1.0, 0.3)]
    [InlineData(6e7, 0.0)]
    [InlineData(double.PositiveInfinity, 0.3)]
    [InlineData(1e-300, 1e-300)]
    public void An_unusable_or_poor_guess_is_the_cold_start(double assetValue, double assetVolatility)
    {
        var cold = DistanceToDefault.Merton(2.6406e7, 0.7103, 4e7, 0.05, 0.0306);

        var guessed = DistanceToDefault.Merton(2.6406e7, 0.7103, 4e7, 0.05, 0.0306, new MertonGuess(assetValue, assetVolatility));

        Assert.Equal(cold, guessed);
    }

    [Fact]
    public void A_healthy_firm_starts_cold_even_with_a_guess_because_the_cold_start_is_already_at_the_root()
    {
        // F/E ≈ 0.09: riskless debt is the root to 1e-10, so one Newton step from it is the whole solve.
        var cold = DistanceToDefault.Merton(400_000, 0.45, 37_500, 0.043, 0.25);
        var previous = DistanceToDefault.Merton(380_000, 0.45, 37_500, 0.043, 0.25);

        var warm = DistanceToDefault.Merton(400_000, 0.45, 37_500, 0.043, 0.25, new MertonGuess(previous.AssetValue!.Value, previous.AssetVolatility!.Value));

        Assert.Equal(cold, warm);
        Assert.Equal(1, cold.Iterations);
    }
}

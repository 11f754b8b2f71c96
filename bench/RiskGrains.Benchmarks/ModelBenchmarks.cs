using BenchmarkDotNet.Attributes;
using RiskGrains.Model;

namespace RiskGrains.Benchmarks;

/// <summary>
/// The model's hot paths on <see cref="AiBuildOutCompany"/>. One job for all: 1 launch, 5 warm-up and
/// 20 measured iterations of ~0.5 s each, so the whole class runs in a few minutes on 2 cores.
/// The Min column is the fastest iteration: on a shared machine it moves less with the load than the mean.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 20)]
public class ModelBenchmarks
{
    private CompanyInputs _inputs = null!;
    private ModelParameters _parameters = null!;
    private ScenarioShocks _creditFreeze = null!;
    private FundamentalsAssessment _fundamentals = null!;

    // Two ticks 0.1% apart in price and volatility, alternated so every tick path call solves a new market.
    private MarketState[] _ticks = null!;
    private int _tick;
    private MertonGuess _guess;
    private MarketAssessment _lastTick;
    private MertonGuess _matlabGuess;

    // Fields, not constants, so the JIT cannot fold the solve away.
    private double _equity, _equityVolatility, _defaultPoint, _rate, _drift;
    private double _megaCapEquity, _megaCapVolatility, _megaCapDefaultPoint, _megaCapRate, _megaCapDrift;

    [GlobalSetup]
    public void Setup()
    {
        _inputs = AiBuildOutCompany.Inputs();
        _parameters = ModelParameters.Default;
        _creditFreeze = ScenarioShocks.Preset(ScenarioShocks.CreditFreeze);

        // The MATLAB mertonmodel example vector.
        (_equity, _equityVolatility, _defaultPoint, _rate, _drift) = (2.6406e7, 0.7103, 4e7, 0.05, 0.0306);

        // The solve that FullEvaluation runs: the company's tick against its default point (STD + LTD/2).
        var newest = _inputs.Periods[^1];
        var market = _inputs.Market!;
        (_megaCapEquity, _megaCapVolatility, _megaCapDefaultPoint, _megaCapRate, _megaCapDrift) = (
            market.MarketCap,
            market.EquityVolatility,
            newest.ShortTermDebt + (0.5 * newest.LongTermDebt),
            market.RiskFreeRate,
            market.EquityReturn1Y ?? market.RiskFreeRate);

        _fundamentals = FundamentalsAssessment.Prepare(_inputs.Periods, _inputs.Commitments, _parameters);
        _ticks = [market, market with { MarketCap = market.MarketCap * 1.001, EquityVolatility = market.EquityVolatility * 0.999 }];
        _lastTick = _fundamentals.EvaluateMarket(_ticks[1], default);
        _guess = _lastTick.NextGuess;

        // The MATLAB example solved at a price 0.1% lower: the previous tick of a distressed firm.
        var previous = DistanceToDefault.Merton(_equity * 0.999, _equityVolatility, _defaultPoint, _rate, _drift);
        _matlabGuess = new MertonGuess(previous.AssetValue!.Value, previous.AssetVolatility!.Value);

        EnsureEveryPathRuns();
    }

    /// <summary>One full evaluation: TTM, commitment book, runway, naive and Merton DD, Altman, score.</summary>
    [Benchmark(Baseline = true)]
    public RiskAssessment FullEvaluation() => RiskModel.Evaluate(_inputs, _parameters);

    /// <summary>One damped-Newton Merton solve on the MATLAB example (F/E ≈ 1.5).</summary>
    [Benchmark]
    public MertonResult MertonSolve() =>
        DistanceToDefault.Merton(_equity, _equityVolatility, _defaultPoint, _rate, _drift);

    /// <summary>The Merton solve inside FullEvaluation (F/E ≈ 0.09, one Newton step), to apportion its cost.</summary>
    [Benchmark]
    public MertonResult MertonSolveMegaCap() =>
        DistanceToDefault.Merton(_megaCapEquity, _megaCapVolatility, _megaCapDefaultPoint, _megaCapRate, _megaCapDrift);

    /// <summary>
    /// The MATLAB example warm-started from the root 0.1% lower in price, as a tick of a distressed firm
    /// would be: where the cold start is poor, the warm start saves Newton iterations.
    /// </summary>
    [Benchmark]
    public MertonResult MertonSolveWarm() =>
        DistanceToDefault.Merton(_equity, _equityVolatility, _defaultPoint, _rate, _drift, _matlabGuess);

    /// <summary>
    /// The incremental tick path: one market tick against prepared fundamentals, warm-started from the
    /// previous tick's Merton root, as the company grain runs it. Must allocate nothing.
    /// </summary>
    [Benchmark]
    public MarketAssessment TickPath()
    {
        var result = _fundamentals.EvaluateMarket(_ticks[_tick++ & 1], _guess);
        _guess = result.NextGuess;
        return result;
    }

    /// <summary>The tick path without a warm start: every Merton solve starts cold.</summary>
    [Benchmark]
    public MarketAssessment TickPathCold() => _fundamentals.EvaluateMarket(_ticks[_tick++ & 1], default);

    /// <summary>The market-independent part, run once per fundamentals change: TTM, commitment book, runway, Altman, four components.</summary>
    [Benchmark]
    public FundamentalsAssessment PrepareFundamentals() =>
        FundamentalsAssessment.Prepare(_inputs.Periods, _inputs.Commitments, _parameters);

    /// <summary>The full record of the last tick, built only when someone reads or watches the company.</summary>
    [Benchmark]
    public RiskAssessment ComposeAssessment() => _fundamentals.Compose(_lastTick);

    /// <summary>The credit-freeze preset (shocks built once): validation, shocked copies, then a full assessment.</summary>
    [Benchmark]
    public RiskAssessment CreditFreezeScenario() => RiskModel.EvaluateScenario(_inputs, _parameters, _creditFreeze);

    // A benchmark that silently took an early exit (no market, a failed solve) would measure the wrong thing.
    private void EnsureEveryPathRuns()
    {
        var a = RiskModel.Evaluate(_inputs, _parameters);
        Require(a.Periods == AiBuildOutCompany.PeriodCount && a.TtmMonths == 12, "8 quarters with a full TTM");
        Require(a.Commitments == AiBuildOutCompany.CommitmentCount, "20 commitments");
        Require(a.Merton is { Converged: true, Iterations: > 0 }, "a converged, iterating Merton solve in the full evaluation");
        Require(a.RunwayMonths == RiskModel.RunwayHorizonMonths, "a capped runway (all 61 cash points, the largest output)");
        Require(a.AltmanZ is not null, "an Altman Z''");
        Require(a.Components.Length == 5, "all five score components");
        Require(MertonSolve().Converged && MertonSolveMegaCap().Converged, "converged stand-alone solves");

        var s = RiskModel.EvaluateScenario(_inputs, _parameters, _creditFreeze);
        Require(s.Merton is { Converged: true } && s.Score > a.Score, "a converged credit-freeze scenario that raises the score");

        var incremental = _fundamentals.Compose(_fundamentals.EvaluateMarket(_inputs.Market!, default));
        Require(incremental.Score == a.Score && incremental.Merton == a.Merton, "an incremental evaluation equal to the full one");
        var warm = TickPath();
        Require(warm.MertonConverged && warm.Score is > 0, "a converged, scored tick path");
        Require(MertonSolveWarm().Iterations < MertonSolve().Iterations, "a warm start that saves iterations on the MATLAB example");
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("benchmark input does not exercise " + what);
        }
    }
}

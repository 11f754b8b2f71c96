using BenchmarkDotNet.Attributes;
using RiskGrains.Model;

namespace RiskGrains.Benchmarks;

/// <summary>
/// The model's hot paths on <see cref="AiBuildOutCompany"/>. One job for all: 1 launch, 5 warm-up and
/// 20 measured iterations of ~0.5 s each, so the whole class runs in a few minutes on 2 cores.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 20)]
public class ModelBenchmarks
{
    private CompanyInputs _inputs = null!;
    private ModelParameters _parameters = null!;
    private ScenarioShocks _creditFreeze = null!;

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
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("benchmark input does not exercise " + what);
        }
    }
}

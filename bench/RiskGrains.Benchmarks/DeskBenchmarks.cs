using BenchmarkDotNet.Attributes;
using RiskGrains.Model;

namespace RiskGrains.Benchmarks;

/// <summary>
/// The desk layer's model paths: the PD term structure of one company (docs/risk-model.md §5), and
/// one member update of a 10,000-position portfolio book against its full recomputation (§7). Same
/// job as <see cref="ModelBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 20)]
public class DeskBenchmarks
{
    private const int Positions = 10_000;

    private double _equity, _volatility, _defaultPoint, _drift;
    private PortfolioBook _book = null!;
    private Portfolio _portfolio = null!;
    private Dictionary<string, MemberRisk> _members = null!;
    private MemberRisk[] _updates = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var company = AiBuildOutCompany.Inputs();
        var market = company.Market!;
        var assessment = RiskModel.Evaluate(company, ModelParameters.Default);
        (_equity, _volatility, _defaultPoint, _drift) = (market.MarketCap, market.EquityVolatility, assessment.CommitmentAdjustedDefaultPoint!.Value, market.EquityReturn1Y ?? market.RiskFreeRate);

        var random = new Random(7);
        _portfolio = new Portfolio("bench", "Ten thousand names", "USD", [.. Enumerable.Range(0, Positions).Select(i => new Position($"C{i:D5}", 1 + random.Next(1_000), 0.45))], null);
        _members = _portfolio.Positions.ToDictionary(p => p.CompanyId, _ => Member(random));
        _book = new PortfolioBook(_portfolio);
        foreach (var (id, member) in _members)
        {
            _book.Update(id, member);
        }

        _updates = [.. Enumerable.Range(0, 1_024).Select(_ => Member(random))];
    }

    [Benchmark(Description = "PD term structure, 6 horizons")]
    public int TermStructure() => PdTermStructure.Evaluate(_equity, _volatility, _defaultPoint, _drift, PdTermStructure.DefaultHorizons).Length;

    [Benchmark(Description = "portfolio member update, 10,000 positions")]
    public bool MemberUpdate()
    {
        int n = _next++ & int.MaxValue;
        return _book.Update(_portfolio.Positions[(int)((long)n * 7919 % Positions)].CompanyId, _updates[n & 1023]);
    }

    [Benchmark(Description = "portfolio composed for a reader, 10,000 positions")]
    public int Compose() => _book.Compose().Positions.Length;

    [Benchmark(Description = "portfolio recomputed in full, 10,000 positions")]
    public double FullRecomputation() => PortfolioModel.Evaluate(_portfolio, _members).StressedLoss;

    private static MemberRisk Member(Random random)
    {
        double score = random.NextDouble() * 100;
        return new MemberRisk(Math.Pow(10, -4 + (3 * random.NextDouble())), score, CreditStressScore.BandOf(score), $"S{random.Next(12)}");
    }
}

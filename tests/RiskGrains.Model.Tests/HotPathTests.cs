using System.Collections.Immutable;
using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class HotPathTests
{
    [Fact]
    public void Evaluate_allocates_less_than_2_kb_for_8_periods_and_20_commitments_of_12_payments()
    {
        // Worst case for the output size: the runway is capped, so all 61 cash points are reported.
        var periods = Enumerable.Range(0, 8).Select(i => BaseQuarter(T0.AddMonths(-3 * (7 - i))) with { Cash = 1e6 }).ToImmutableArray();
        var commitments = Enumerable.Range(0, 20)
            .Select(c => new Commitment
            {
                Id = "c" + c,
                Payments = [.. Enumerable.Range(1, 12).Select(m => new DatedAmount(T0.AddMonths(m * 3), 10))],
                Sunk = 5,
            })
            .ToImmutableArray();
        var inputs = new CompanyInputs(periods, commitments, Market());
        for (int i = 0; i < 100; i++)
        {
            RiskModel.Evaluate(inputs, ModelParameters.Default);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var a = RiskModel.Evaluate(inputs, ModelParameters.Default);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(60, a.RunwayMonths);
        Assert.Equal(2400, a.CommitmentsRemaining);
        Assert.InRange(allocated, 1, 2048);
    }

    [Theory]
    [InlineData("warm-started, healthy")]
    [InlineData("cold, healthy")]
    [InlineData("warm-started, distressed")]
    [InlineData("zero default point")]
    [InlineData("merton does not converge")]
    [InlineData("no financial period")]
    public void The_tick_path_allocates_nothing(string path)
    {
        var (periods, market) = path switch
        {
            "warm-started, distressed" => (ImmutableArray.Create(Annual() with { Cash = 20, ShortTermDebt = 2000 }), Market(100, 0.9, 0.04, 0.02)),
            "zero default point" => ([Annual() with { Cash = 10 }], Market()),
            "merton does not converge" => ([Annual() with { ShortTermDebt = 1e4 }], Market(1, 5, 0.05, 0.03)),
            "no financial period" => ([], Market()),
            _ => (Enumerable.Range(0, 8).Select(i => BaseQuarter(T0.AddMonths(-3 * (7 - i)))).ToImmutableArray(), Market()),
        };
        bool warm = path.StartsWith("warm", StringComparison.Ordinal);
        var fundamentals = FundamentalsAssessment.Prepare(periods, [CommitmentA(), CommitmentB()], ModelParameters.Default);
        MarketState[] ticks = [market, market with { MarketCap = market.MarketCap * 1.001, EquityVolatility = market.EquityVolatility * 0.999 }];
        var guess = default(MertonGuess);
        double sum = 0;
        for (int i = 0; i < 100; i++)
        {
            var warmUp = fundamentals.EvaluateMarket(ticks[i & 1], guess);
            guess = warm ? warmUp.NextGuess : default;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            var tick = fundamentals.EvaluateMarket(ticks[i & 1], guess);
            guess = warm ? tick.NextGuess : default;
            sum += tick.Score ?? 0;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(path != "no financial period", sum > 0);
    }
}

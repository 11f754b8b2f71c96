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
}

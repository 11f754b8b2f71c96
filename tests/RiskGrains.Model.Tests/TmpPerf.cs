using System.Collections.Immutable;
using System.Diagnostics;
namespace RiskGrains.Model.Tests;
public class TmpPerf
{
    [Fact]
    public void Perf()
    {
        var t0 = new DateOnly(2025, 6, 30);
        var periods = Enumerable.Range(0, 8).Select(i => Companies.BaseQuarter(t0.AddMonths(-3 * (7 - i)))).ToImmutableArray();
        var commitments = Enumerable.Range(0, 20).Select(c => new Commitment { Id = "c" + c, Payments = [.. Enumerable.Range(1, 12).Select(m => new DatedAmount(t0.AddMonths(m * 3), 10))], Sunk = 5 }).ToImmutableArray();
        var inputs = new CompanyInputs(periods, commitments, Companies.Market());
        for (int i = 0; i < 20000; i++) RiskModel.Evaluate(inputs, ModelParameters.Default);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var a = RiskModel.Evaluate(inputs, ModelParameters.Default);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        var sw = Stopwatch.StartNew();
        int n = 100000;
        for (int i = 0; i < n; i++) RiskModel.Evaluate(inputs, ModelParameters.Default);
        Console.WriteLine($"alloc={bytes} B, time={sw.Elapsed.TotalMilliseconds * 1000 / n:F3} us, runway={a.RunwayMonths} cash={a.RunwayCash.Length} merton it={a.Merton!.Iterations}");
    }
}

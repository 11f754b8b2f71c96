namespace RiskGrains.Grains;

/// <summary>
/// One grain call per member company, a bounded number in flight: a portfolio of 10,000 positions
/// subscribes to each of its members, and should neither wait for them one by one nor send all at once.
/// Runs on the calling grain's scheduler (no thread pool), so the calls' continuations are grain turns.
/// </summary>
internal static class MemberCalls
{
    public const int InFlight = 256;

    public static Task ForEach(IReadOnlyCollection<string> companyIds, Func<string, Task> call)
    {
        if (companyIds.Count == 0)
        {
            return Task.CompletedTask;
        }

        var next = companyIds.GetEnumerator();
        return Task.WhenAll(Enumerable.Range(0, Math.Min(InFlight, companyIds.Count)).Select(_ => Worker(next, call)));
    }

    private static async Task Worker(IEnumerator<string> next, Func<string, Task> call)
    {
        // The workers share one enumerator; they run one at a time on the grain's scheduler.
        while (next.MoveNext())
        {
            await call(next.Current);
        }
    }
}

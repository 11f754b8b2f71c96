using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>The rolling window of financial periods (docs/risk-model.md §1).</summary>
public static class FinancialWindow
{
    /// <summary>
    /// Merges reported periods into the window: a record for an existing period end replaces it
    /// (a restatement), only the newest <paramref name="windowQuarters"/> records are kept, and the
    /// result is sorted ascending by period end.
    /// </summary>
    public static ImmutableArray<FinancialPeriod> Merge(
        ImmutableArray<FinancialPeriod> existing,
        IEnumerable<FinancialPeriod> incoming,
        int windowQuarters)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentOutOfRangeException.ThrowIfNegative(windowQuarters);

        var byEnd = new SortedDictionary<DateOnly, FinancialPeriod>();
        if (!existing.IsDefault)
        {
            foreach (var p in existing)
            {
                byEnd[p.PeriodEnd] = p;
            }
        }

        // Later records win, so a batch that restates the same period twice keeps the last one.
        foreach (var p in incoming)
        {
            ArgumentNullException.ThrowIfNull(p);
            byEnd[p.PeriodEnd] = p;
        }

        int skip = Math.Max(0, byEnd.Count - windowQuarters);
        var builder = ImmutableArray.CreateBuilder<FinancialPeriod>(byEnd.Count - skip);
        foreach (var p in byEnd.Values)
        {
            if (skip > 0)
            {
                skip--;
                continue;
            }

            builder.Add(p);
        }

        return builder.MoveToImmutable();
    }
}

using System.Collections.Immutable;
using RiskGrains.Model;

namespace RiskGrains.Filings;

/// <summary>
/// The payment schedules of data/sample/README.md ("Schedule rules") for a commitment disclosed as a total
/// without dates. Amounts are rounded to 0.01 and the last payment takes the residual, so a schedule sums
/// exactly to its total.
/// </summary>
internal static class CommitmentSchedules
{
    /// <summary>Rule L's lease term where no term is disclosed (data/sample/README.md).</summary>
    public const int DefaultLeaseTermYears = 15;

    private const int Cohorts = 5;

    /// <summary>Rule P: 12 equal quarterly instalments on the month ends t0 + 3, 6, …, 36 months.</summary>
    public static ImmutableArray<DatedAmount> Quarterly(decimal total, DateOnly t0) =>
        Spread(total, Enumerable.Range(1, 12).Select(k => (MonthEnd(t0.AddMonths(3 * k)), 1m)).ToList());

    /// <summary>
    /// Rule L: five cohorts of total / 5 commence at t0 + 6, 18, 30, 42 and 54 months; each pays
    /// <paramref name="termYears"/> equal annual instalments dated mid-lease-year, so on every anniversary
    /// k of t0 (k = 1 … T + 4) the payment is min(k, 5, T + 5 − k) × total / (5 T).
    /// </summary>
    public static ImmutableArray<DatedAmount> LeaseCohorts(decimal total, DateOnly t0, int termYears = DefaultLeaseTermYears)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(termYears, Cohorts);
        return Spread(total, Enumerable.Range(1, termYears + Cohorts - 1)
            .Select(k => (MonthEnd(t0.AddMonths(12 * k)), (decimal)Math.Min(Math.Min(k, Cohorts), termYears + Cohorts - k)))
            .ToList());
    }

    private static ImmutableArray<DatedAmount> Spread(decimal total, List<(DateOnly Date, decimal Weight)> slots)
    {
        var unit = total / slots.Sum(s => s.Weight);
        var payments = ImmutableArray.CreateBuilder<DatedAmount>(slots.Count);
        decimal paid = 0;
        for (int i = 0; i < slots.Count; i++)
        {
            var amount = i == slots.Count - 1 ? total - paid : Math.Round(unit * slots[i].Weight, 2, MidpointRounding.AwayFromZero);
            paid += amount;
            payments.Add(new DatedAmount(slots[i].Date, Money.ToDouble(amount)));
        }

        return payments.MoveToImmutable();
    }

    private static DateOnly MonthEnd(DateOnly date) => new(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month));
}

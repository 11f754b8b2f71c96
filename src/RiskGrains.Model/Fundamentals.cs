using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>
/// The stocks of the newest period and the TTM flows of the window (docs/risk-model.md §1), computed once
/// per evaluation so a scenario can adjust the TTM figures before the metrics are derived.
/// </summary>
internal struct Fundamentals
{
    public FinancialPeriod Newest;
    public DateOnly T0;
    public DateOnly WindowStart;
    public int PeriodCount;
    public int TtmMonths;

    public double RevenueTtm;
    public double EbitdaTtm;
    public double OperatingCashFlowTtm;
    public double CapexTtm;
    public double InterestExpenseTtm;
    public double? EbitTtm;

    public readonly bool PartialTtm => TtmMonths < 12;

    /// <summary>
    /// docs/risk-model.md §6: the contagion haircut h on the TTM figures, before §2 and any scenario
    /// shock; positive figures only, a loss is not made smaller.
    /// </summary>
    public void ApplyContagion(double haircut)
    {
        if (haircut <= 0)
        {
            return;
        }

        RevenueTtm *= 1 - haircut;
        if (EbitdaTtm > 0)
        {
            EbitdaTtm *= 1 - haircut;
        }

        if (OperatingCashFlowTtm > 0)
        {
            OperatingCashFlowTtm *= 1 - haircut;
        }
    }

    /// <summary>False when there is no period at all.</summary>
    public static bool TryCompute(ImmutableArray<FinancialPeriod> periods, out Fundamentals fundamentals)
    {
        fundamentals = default;
        if (periods.IsDefaultOrEmpty)
        {
            return false;
        }

        // The window is normally already ascending (FinancialWindow.Merge); sort a copy only when not.
        var ascending = periods.AsSpan();
        for (int i = 1; i < ascending.Length; i++)
        {
            if (ascending[i].PeriodEnd < ascending[i - 1].PeriodEnd)
            {
                var copy = periods.ToArray();
                Array.Sort(copy, static (a, b) => a.PeriodEnd.CompareTo(b.PeriodEnd));
                ascending = copy;
                break;
            }
        }

        var newest = ascending[^1];
        fundamentals.Newest = newest;
        fundamentals.T0 = newest.PeriodEnd;
        fundamentals.WindowStart = ascending[0].PeriodEnd;
        fundamentals.PeriodCount = ascending.Length;

        // docs/risk-model.md §1: newest first while the months add up to at most 12, then annualised.
        int months = 0;
        double revenue = 0, ebitda = 0, ocf = 0, capex = 0, interest = 0, ebit = 0;
        bool ebitComplete = true;
        for (int i = ascending.Length - 1; i >= 0; i--)
        {
            var p = ascending[i];
            if (months + p.PeriodMonths > 12 || p.PeriodMonths < 1)
            {
                break;
            }

            months += p.PeriodMonths;
            revenue += p.Revenue;
            ebitda += p.Ebitda;
            ocf += p.OperatingCashFlow;
            capex += p.Capex;
            interest += p.InterestExpense;
            if (p.Ebit is { } e)
            {
                ebit += e;
            }
            else
            {
                ebitComplete = false;
            }
        }

        if (months == 0)
        {
            // Only an out-of-range period length gets here; validation rejects it before.
            return false;
        }

        double scale = months < 12 ? 12.0 / months : 1.0;
        fundamentals.TtmMonths = months;
        fundamentals.RevenueTtm = revenue * scale;
        fundamentals.EbitdaTtm = ebitda * scale;
        fundamentals.OperatingCashFlowTtm = ocf * scale;
        fundamentals.CapexTtm = capex * scale;
        fundamentals.InterestExpenseTtm = interest * scale;
        fundamentals.EbitTtm = ebitComplete ? ebit * scale : null;
        return true;
    }
}

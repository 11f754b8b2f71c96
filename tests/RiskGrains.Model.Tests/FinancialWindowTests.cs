using System.Collections.Immutable;
using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class FinancialWindowTests
{
    private static FinancialPeriod Q(int monthsBeforeT0, double cash = 1) =>
        new() { PeriodEnd = T0.AddMonths(-monthsBeforeT0), Cash = cash };

    [Fact]
    public void Merge_returns_periods_sorted_by_period_end()
    {
        var merged = FinancialWindow.Merge([], [Q(0), Q(6), Q(3)], 8);

        Assert.Equal([T0.AddMonths(-6), T0.AddMonths(-3), T0], merged.Select(p => p.PeriodEnd));
    }

    [Fact]
    public void A_record_for_an_existing_period_end_replaces_it()
    {
        ImmutableArray<FinancialPeriod> existing = [Q(3, cash: 10), Q(0, cash: 20)];

        var merged = FinancialWindow.Merge(existing, [Q(3, cash: 11)], 8);

        Assert.Equal([11.0, 20.0], merged.Select(p => p.Cash));
    }

    [Fact]
    public void The_last_of_several_records_for_one_period_end_wins()
    {
        var merged = FinancialWindow.Merge([], [Q(0, cash: 1), Q(0, cash: 2), Q(0, cash: 3)], 8);

        Assert.Equal(3, Assert.Single(merged).Cash);
    }

    [Fact]
    public void Only_the_newest_window_quarters_records_are_kept()
    {
        var existing = Enumerable.Range(1, 8).Select(i => Q(3 * i)).ToImmutableArray();

        var merged = FinancialWindow.Merge(existing, [Q(0)], 8);

        Assert.Equal(8, merged.Length);
        Assert.Equal(T0.AddMonths(-21), merged[0].PeriodEnd);
        Assert.Equal(T0, merged[^1].PeriodEnd);
    }

    [Fact]
    public void An_old_record_outside_the_window_is_dropped()
    {
        var existing = Enumerable.Range(0, 4).Select(i => Q(3 * i)).ToImmutableArray();

        var merged = FinancialWindow.Merge(existing, [Q(60)], 4);

        Assert.Equal(existing.Select(p => p.PeriodEnd).Reverse(), merged.Select(p => p.PeriodEnd));
    }

    [Fact]
    public void Merge_accepts_a_default_existing_window()
    {
        var merged = FinancialWindow.Merge(default, [Q(0)], 8);

        Assert.Equal(T0, Assert.Single(merged).PeriodEnd);
    }
}

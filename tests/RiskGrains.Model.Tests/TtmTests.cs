using System.Collections.Immutable;
using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class TtmTests
{
    [Fact]
    public void Two_quarters_are_annualised_and_flagged_partial()
    {
        FinancialPeriod[] periods = [BaseQuarter(T0.AddMonths(-3)), BaseQuarter(T0)];

        var a = Evaluate(Inputs([.. periods]));

        Assert.Equal(6, a.TtmMonths);
        Assert.Equal(400, a.RevenueTtm);
        Assert.Equal(100, a.EbitdaTtm);
        Assert.Equal(80, a.OperatingCashFlowTtm);
        Assert.Equal(40, a.CapexTtm);
        Assert.Equal(10, a.InterestExpenseTtm);
        Assert.Contains(RiskFlags.PartialTtm, a.Flags);
    }

    [Fact]
    public void Ttm_stops_before_a_period_that_would_exceed_twelve_months()
    {
        // Newest first: 3 + 3 months fit, the annual record before them would make 18.
        FinancialPeriod[] periods =
        [
            BaseQuarter(T0.AddMonths(-6)) with { PeriodMonths = 12, Revenue = 1000 },
            BaseQuarter(T0.AddMonths(-3)) with { Revenue = 90 },
            BaseQuarter(T0) with { Revenue = 110 },
        ];

        var a = Evaluate(Inputs([.. periods]));

        Assert.Equal(6, a.TtmMonths);
        Assert.Equal((90 + 110) * 2.0, a.RevenueTtm);
        Assert.Contains(RiskFlags.PartialTtm, a.Flags);
    }

    [Fact]
    public void Mixed_period_lengths_adding_up_to_twelve_are_not_scaled()
    {
        FinancialPeriod[] periods =
        [
            BaseQuarter(T0.AddMonths(-9)) with { PeriodMonths = 6, Revenue = 170 },
            BaseQuarter(T0.AddMonths(-3)) with { PeriodMonths = 6, Revenue = 200 },
            BaseQuarter(T0) with { PeriodMonths = 3, Revenue = 110 },
            BaseQuarter(T0.AddMonths(-12)) with { PeriodMonths = 3, Revenue = 55 },
        ];

        var a = Evaluate(Inputs([.. periods]));

        // 3 (t0) + 6 (t0-3) = 9; the 6-month record at t0-9 would make 15, so TTM covers 9 months.
        Assert.Equal(9, a.TtmMonths);
        Assert.Equal((110 + 200) * 12.0 / 9.0, a.RevenueTtm!.Value, 9);
    }

    [Fact]
    public void A_fiscal_year_entered_as_one_record_is_a_full_ttm()
    {
        var a = Evaluate(Inputs(Annual() with { Revenue = 245122, Ebitda = 133009 }));

        Assert.Equal(12, a.TtmMonths);
        Assert.Equal(245122, a.RevenueTtm);
        Assert.Equal(133009, a.EbitdaTtm);
        Assert.DoesNotContain(RiskFlags.PartialTtm, a.Flags);
    }

    [Fact]
    public void Period_order_in_the_inputs_does_not_matter()
    {
        var sorted = BaseQuarters(p => p with { Revenue = 130 });
        var shuffled = sorted.Reverse().ToImmutableArray();

        var a = Evaluate(Inputs(sorted));
        var b = Evaluate(Inputs(shuffled));

        Assert.Equal(430, b.RevenueTtm);
        Assert.Equal(a.Liquidity, b.Liquidity);
        Assert.Equal(a.T0, b.T0);
        Assert.Equal(a.WindowStart, b.WindowStart);
        Assert.Equal(a.Score, b.Score);
    }

    [Fact]
    public void Only_the_newest_twelve_months_count_in_a_long_window()
    {
        var periods = Enumerable.Range(0, 8)
            .Select(i => BaseQuarter(T0.AddMonths(-3 * i)) with { Revenue = i < 4 ? 100 : 5000 })
            .ToImmutableArray();

        var a = Evaluate(Inputs(periods));

        Assert.Equal(8, a.Periods);
        Assert.Equal(400, a.RevenueTtm);
        Assert.Equal(T0.AddMonths(-21), a.WindowStart);
    }
}

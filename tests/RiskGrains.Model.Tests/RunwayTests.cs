using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class RunwayTests
{
    [Fact]
    public void Runway_is_capped_at_60_months_when_cash_never_runs_out()
    {
        var a = Evaluate(Inputs(BaseQuarters()));

        Assert.Equal(60, a.RunwayMonths);
        Assert.Contains(RiskFlags.RunwayCapped, a.Flags);
        Assert.Equal(61, a.RunwayCash.Length);
        Assert.Equal(190, a.RunwayCash[0]);
        Assert.Equal(190 + (80.0 / 12) - (30.0 / 12), a.RunwayCash[1], 9);
        Assert.Equal(240, a.RunwayCash[12], 9);
        Assert.Equal(240 + (80.0 / 12), a.RunwayCash[13], 9);
        Assert.Equal(240 + (48 * 80.0 / 12), a.RunwayCash[60], 9);
    }

    [Fact]
    public void Runway_is_zero_when_cash_runs_out_in_month_1()
    {
        var a = Evaluate(Inputs(Annual() with { Cash = 5, ShortTermDebt = 120 }));

        Assert.Equal(0, a.RunwayMonths);
        Assert.Equal([5.0, -5.0], a.RunwayCash.ToArray());
        Assert.DoesNotContain(RiskFlags.RunwayCapped, a.Flags);
    }

    [Fact]
    public void Cash_of_exactly_zero_has_not_run_out()
    {
        var a = Evaluate(Inputs(Annual() with { Cash = 10, ShortTermDebt = 120 }));

        Assert.Equal(1, a.RunwayMonths);
        Assert.Equal([10.0, 0.0, -10.0], a.RunwayCash.ToArray());
    }

    [Fact]
    public void Short_term_debt_is_repaid_over_the_first_12_months_only()
    {
        var a = Evaluate(Inputs(Annual() with { Cash = 130, ShortTermDebt = 120 }));

        Assert.Equal(60, a.RunwayMonths);
        Assert.Equal(10, a.RunwayCash[12], 9);
        Assert.Equal(10, a.RunwayCash[60], 9);
    }

    [Fact]
    public void A_cash_burn_is_not_haircut()
    {
        var parameters = ModelParameters.Default with { OcfHaircut = 0.5 };

        var a = RiskModel.Evaluate(Inputs(Annual() with { Cash = 100, OperatingCashFlow = -120 }), parameters);

        Assert.Equal(10, a.RunwayMonths);
        Assert.Equal(-10, a.RunwayCash[11], 9);
    }

    [Fact]
    public void A_positive_operating_cash_flow_is_haircut()
    {
        var company = Inputs(
            Annual() with { OperatingCashFlow = 120 },
            null,
            NonCancellable("power", Pay(2026, 6, 30, 70)));

        var haircut = RiskModel.Evaluate(company, ModelParameters.Default with { OcfHaircut = 0.5 });
        var full = Evaluate(company);

        Assert.Equal(11, haircut.RunwayMonths);
        Assert.Equal(-10, haircut.RunwayCash[12], 9);
        Assert.Equal(60, full.RunwayMonths);
    }

    [Fact]
    public void Debt_maturities_in_the_schedule_are_paid_in_their_month()
    {
        var period = Annual() with
        {
            Cash = 100,
            LongTermDebt = 150,
            DebtMaturities = [new DatedAmount(new DateOnly(2026, 12, 31), 150)],
        };

        var a = Evaluate(Inputs(period));

        // 2026-12-31 is after t0 + 18 months (2026-12-30): month 19.
        Assert.Equal(18, a.RunwayMonths);
        Assert.Equal(-50, a.RunwayCash[19]);
    }

    [Fact]
    public void Payments_dated_before_t0_are_due_in_month_1()
    {
        var a = Evaluate(Inputs(Annual() with { Cash = 50 }, null, NonCancellable("late", Pay(2025, 1, 15, 60))));

        Assert.Equal(0, a.RunwayMonths);
        Assert.Equal(-10, a.RunwayCash[1]);
    }

    [Fact]
    public void Cancellable_commitments_are_still_paid_in_the_runway()
    {
        var cancellable = NonCancellable("chips", Pay(2025, 9, 30, 80)) with { Cancellable = true, CancellationPenalty = 0 };

        var a = Evaluate(Inputs(Annual() with { Cash = 50 }, null, cancellable));

        Assert.Equal(2, a.RunwayMonths);
        Assert.Equal(-30, a.RunwayCash[3]);
    }

    [Fact]
    public void Payments_beyond_60_months_do_not_touch_the_runway()
    {
        var a = Evaluate(Inputs(Annual() with { Cash = 50 }, null, NonCancellable("far", Pay(2030, 7, 1, 500))));

        Assert.Equal(60, a.RunwayMonths);
        Assert.Equal(500, a.CommitmentsRemaining);
    }

    [Fact]
    public void A_closed_credit_window_removes_undrawn_facilities_from_opening_cash()
    {
        var company = Inputs(Annual() with { Cash = 10, UndrawnCreditFacilities = 100, ShortTermDebt = 120 });

        var open = Evaluate(company);
        var closed = RiskModel.Evaluate(company, ModelParameters.Default with { CreditWindowClosed = true });

        Assert.Equal(11, open.RunwayMonths);
        Assert.Equal(110, open.RunwayCash[0]);
        Assert.Equal(1, closed.RunwayMonths);
        Assert.Equal(10, closed.RunwayCash[0]);
    }

    [Fact]
    public void A_debt_maturity_dated_before_t0_is_due_in_month_1()
    {
        var period = Annual() with
        {
            Cash = 100,
            DebtMaturities = [new DatedAmount(new DateOnly(2025, 3, 31), 120)],
        };

        var a = Evaluate(Inputs(period));

        Assert.Equal(0, a.RunwayMonths);
        Assert.Equal(-20, a.RunwayCash[1]);
    }

    [Fact]
    public void Runway_that_runs_out_in_month_60_is_59_and_not_capped()
    {
        var a = Evaluate(Inputs(Annual() with { Cash = 100 }, null, NonCancellable("last", Pay(2030, 6, 30, 101))));

        Assert.Equal(59, a.RunwayMonths);
        Assert.Equal(61, a.RunwayCash.Length);
        Assert.DoesNotContain(RiskFlags.RunwayCapped, a.Flags);
    }
}

using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class BalanceSheetMetricsTests
{
    [Fact]
    public void Debt_and_liquidity_metrics_are_read_from_the_newest_period()
    {
        var a = Evaluate(Inputs(BaseQuarters()));

        Assert.Equal(T0, a.T0);
        Assert.Equal(4, a.Periods);
        Assert.Equal(T0.AddMonths(-9), a.WindowStart);
        Assert.Equal(150, a.Liquidity);
        Assert.Equal(230, a.Debt);
        Assert.Equal(30, a.LeaseDebt);
        Assert.Equal(260, a.AdjustedDebt);
        Assert.Equal(230.0 / 150, a.DebtToCash!.Value, 12);
        Assert.Equal(260.0 / 150, a.AdjustedDebtToCash!.Value, 12);
        Assert.Equal(80, a.NetDebt);
        Assert.Equal(110, a.AdjustedNetDebt);
    }

    [Fact]
    public void Leverage_coverage_and_free_cash_flow_use_ttm_flows()
    {
        var a = Evaluate(Inputs(BaseQuarters()));

        Assert.Equal(12, a.TtmMonths);
        Assert.Equal(400, a.RevenueTtm);
        Assert.Equal(100, a.EbitdaTtm);
        Assert.Equal(80, a.OperatingCashFlowTtm);
        Assert.Equal(40, a.CapexTtm);
        Assert.Equal(10, a.InterestExpenseTtm);
        Assert.Equal(2.6, a.GrossLeverage!.Value, 12);
        Assert.Equal(1.1, a.NetLeverage!.Value, 12);
        Assert.Equal(1.1, a.CommitmentAdjustedLeverage!.Value, 12);
        Assert.Equal(10, a.InterestCoverage!.Value, 12);
        Assert.Equal(40, a.FreeCashFlowTtm);
        Assert.DoesNotContain(RiskFlags.PartialTtm, a.Flags);
        Assert.Empty(a.NotMeaningful);
    }

    [Fact]
    public void No_commitments_give_zero_commitment_metrics_and_zero_lock_in()
    {
        var a = Evaluate(Inputs(BaseQuarters()));

        Assert.Equal(0, a.Commitments);
        Assert.Equal(0, a.CommitmentsRemaining);
        Assert.Equal(0, a.CommitmentsDebtLike);
        Assert.Equal(0, a.WalkAwayLoss);
        Assert.Equal(0, a.LockInRatio);
        Assert.Equal(0, a.Committed12M);
        Assert.Equal(a.AdjustedNetDebt, a.CommitmentAdjustedNetDebt);
    }

    [Fact]
    public void Zero_liquidity_makes_debt_to_cash_not_meaningful()
    {
        var a = Evaluate(Inputs(BaseQuarters(p => p with { Cash = 0, ShortTermInvestments = 0 })));

        Assert.Null(a.DebtToCash);
        Assert.Null(a.AdjustedDebtToCash);
        Assert.Contains(new NotMeaningful("debt_to_cash", RiskFlags.LiquidityNotPositive), a.NotMeaningful.ToArray());
        Assert.Contains(new NotMeaningful("adjusted_debt_to_cash", RiskFlags.LiquidityNotPositive), a.NotMeaningful.ToArray());
        Assert.Contains(RiskFlags.LiquidityNotPositive, a.Flags);
        Assert.Equal(230, a.NetDebt);
    }

    [Fact]
    public void Non_positive_ebitda_makes_every_leverage_not_meaningful()
    {
        var a = Evaluate(Inputs(BaseQuarters(p => p with { Ebitda = -75 })));

        Assert.Equal(0, a.EbitdaTtm);
        Assert.Null(a.GrossLeverage);
        Assert.Null(a.NetLeverage);
        Assert.Null(a.CommitmentAdjustedLeverage);
        Assert.Equal(0, a.InterestCoverage);
        Assert.Equal(
            ["gross_leverage", "net_leverage", "commitment_adjusted_leverage"],
            a.NotMeaningful.Select(n => n.Metric));
        Assert.All(a.NotMeaningful, n => Assert.Equal(RiskFlags.EbitdaNotPositive, n.Reason));
        Assert.Contains(RiskFlags.EbitdaNotPositive, a.Flags);
    }

    [Fact]
    public void Negative_ebitda_gives_a_negative_interest_coverage()
    {
        var a = Evaluate(Inputs(BaseQuarters(p => p with { Ebitda = -85 })));

        Assert.Equal(-10, a.EbitdaTtm);
        Assert.Equal(-1, a.InterestCoverage!.Value, 12);
    }

    [Fact]
    public void Zero_interest_expense_makes_interest_coverage_not_meaningful()
    {
        var periods = BaseQuarters();
        periods = [.. periods.Select(p => p with { InterestExpense = 0 })];

        var a = Evaluate(Inputs(periods));

        Assert.Null(a.InterestCoverage);
        Assert.Equal([new NotMeaningful("interest_coverage", RiskFlags.InterestExpenseNotPositive)], a.NotMeaningful.ToArray());
        Assert.Contains(RiskFlags.InterestExpenseNotPositive, a.Flags);
    }

    [Theory]
    [InlineData(2022, 13931, 90826, 2749, 47032, 13717, 14902, 0.748)]
    [InlineData(2025, 30242, 64323, 2999, 40152, 22861, 46172, 1.186)]
    public void Microsoft_adjusted_debt_to_cash_matches_its_annual_reports(
        int year, double cash, double sti, double std, double ltd, double operatingLeases, double financeLeases, double expected)
    {
        // Microsoft 10-K balance sheets at fiscal year end (USD millions), leases current + non-current.
        var fiscalYear = new FinancialPeriod
        {
            PeriodEnd = new DateOnly(year, 6, 30),
            PeriodMonths = 12,
            Cash = cash,
            ShortTermInvestments = sti,
            ShortTermDebt = std,
            LongTermDebt = ltd,
            OperatingLeaseLiabilities = operatingLeases,
            FinanceLeaseLiabilities = financeLeases,
        };

        var a = Evaluate(Inputs(fiscalYear));

        Assert.Equal(expected, Math.Round(a.AdjustedDebtToCash!.Value, 3));
    }

    [Fact]
    public void Evaluation_without_periods_reports_no_metrics_and_no_score()
    {
        var a = Evaluate(new CompanyInputs([], [CommitmentA()], Market()));

        Assert.Null(a.T0);
        Assert.Equal(0, a.Periods);
        Assert.Equal(1, a.Commitments);
        Assert.True(a.HasMarketData);
        Assert.Null(a.Liquidity);
        Assert.Null(a.RunwayMonths);
        Assert.Null(a.DistanceToDefault);
        Assert.Null(a.Score);
        Assert.Null(a.Band);
        Assert.Empty(a.Components);
        Assert.Equal([RiskFlags.NoFinancialPeriods], a.Flags.ToArray());
    }

    [Fact]
    public void Evaluation_accepts_default_immutable_arrays()
    {
        var a = Evaluate(new CompanyInputs(default, default, null));

        Assert.Null(a.Score);
        Assert.Equal(0, a.Commitments);
    }
}

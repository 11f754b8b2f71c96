using System.Collections.Immutable;

namespace RiskGrains.Model.Tests;

/// <summary>Small hand-checkable companies shared by the tests.</summary>
internal static class Companies
{
    public static readonly DateOnly T0 = new(2025, 6, 30);

    /// <summary>The day the input rules are checked on: the model has no clock, so its tests fix one.</summary>
    public static readonly DateOnly Today = new(2026, 1, 15);

    /// <summary>
    /// The newest quarter of the base company: liquidity 150, debt 230, leases 30, undrawn 40;
    /// per quarter revenue 100, EBITDA 25, OCF 20, capex 10, interest 2.5.
    /// </summary>
    public static FinancialPeriod BaseQuarter(DateOnly end) => new()
    {
        PeriodEnd = end,
        Cash = 100,
        ShortTermInvestments = 50,
        ShortTermDebt = 30,
        LongTermDebt = 200,
        OperatingLeaseLiabilities = 20,
        FinanceLeaseLiabilities = 10,
        UndrawnCreditFacilities = 40,
        Revenue = 100,
        Ebitda = 25,
        OperatingCashFlow = 20,
        Capex = 10,
        InterestExpense = 2.5,
        ShareholderReturns = 5,
    };

    /// <summary>Four quarters ending at t0; older quarters carry different stocks, which must not be read.</summary>
    public static ImmutableArray<FinancialPeriod> BaseQuarters(Func<FinancialPeriod, FinancialPeriod>? newest = null)
    {
        var builder = ImmutableArray.CreateBuilder<FinancialPeriod>(4);
        for (int i = 3; i >= 1; i--)
        {
            builder.Add(BaseQuarter(T0.AddMonths(-3 * i)) with { Cash = 999, ShortTermDebt = 999, LongTermDebt = 999 });
        }

        var last = BaseQuarter(T0);
        builder.Add(newest is null ? last : newest(last));
        return builder.MoveToImmutable();
    }

    /// <summary>One twelve-month record at t0 with nothing but what the test sets.</summary>
    public static FinancialPeriod Annual() => new() { PeriodEnd = T0, PeriodMonths = 12 };

    public static MarketState Market(double marketCap = 1000, double volatility = 0.4, double rate = 0.04, double? drift = null) =>
        new(marketCap, volatility, rate, drift, new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero));

    public static CompanyInputs Inputs(
        ImmutableArray<FinancialPeriod> periods,
        MarketState? market = null,
        params Commitment[] commitments) =>
        new(periods, [.. commitments], market);

    public static CompanyInputs Inputs(FinancialPeriod period, MarketState? market = null, params Commitment[] commitments) =>
        Inputs([period], market, commitments);

    public static DatedAmount Pay(int year, int month, int day, double amount) => new(new DateOnly(year, month, day), amount);

    public static Commitment NonCancellable(string id, params DatedAmount[] payments) => new()
    {
        Id = id,
        Kind = CommitmentKind.DataCenter,
        Payments = [.. payments],
    };

    /// <summary>
    /// Non-cancellable: 10 dated before t0 (month 1), 20 on 2026-03-31 (month 10, since t0 + 9 months
    /// is 2026-03-30), 30 on 2027-06-30 (month 24); sunk 50 worth 20% if abandoned.
    /// </summary>
    public static Commitment CommitmentA() => NonCancellable(
            "dc-1",
            Pay(2025, 5, 15, 10),
            Pay(2026, 3, 31, 20),
            Pay(2027, 6, 30, 30)) with
    {
        Sunk = 50,
        SalvageFraction = 0.2,
    };

    /// <summary>Cancellable at a 25% penalty: 8 on 2025-07-31 (month 2), 40 on 2026-09-30 (month 15).</summary>
    public static Commitment CommitmentB() => new()
    {
        Id = "chips-1",
        Kind = CommitmentKind.Chips,
        Payments = [Pay(2025, 7, 31, 8), Pay(2026, 9, 30, 40)],
        Cancellable = true,
        CancellationPenalty = 0.25,
    };

    /// <summary>
    /// A leveraged, cash-poor company built so that every score component lands between anchors:
    /// liquidity 50, debt 360, EBITDA 100, OCF 30, interest 25, undrawn 20, commitments 30 (month 3)
    /// and 100 (month 20); market cap 200, volatility 0.6, rate 4%, drift 2%.
    /// </summary>
    public static CompanyInputs Stressed(bool withMarket = true) => Inputs(
        Annual() with
        {
            Cash = 40,
            ShortTermInvestments = 10,
            ShortTermDebt = 60,
            LongTermDebt = 300,
            UndrawnCreditFacilities = 20,
            Revenue = 500,
            Ebitda = 100,
            OperatingCashFlow = 30,
            Capex = 50,
            InterestExpense = 25,
        },
        withMarket ? Market(200, 0.6, 0.04, 0.02) : null,
        NonCancellable("build-out", Pay(2025, 9, 15, 30), Pay(2027, 2, 15, 100)));

    public static RiskAssessment Evaluate(CompanyInputs inputs) => RiskModel.Evaluate(inputs, ModelParameters.Default);
}

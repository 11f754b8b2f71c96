using System.Collections.Immutable;
using RiskGrains.Model;

namespace RiskGrains.Grains.Tests;

/// <summary>Hand-made inputs whose metrics can be checked by hand.</summary>
internal static class TestData
{
    public static readonly DateOnly FirstQuarterEnd = new(2023, 3, 31);

    public static string NewCompanyId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static CompanyProfile Profile(string id, string name = "Acme Compute") => new(id, name, "Technology", "USD");

    /// <summary>liquidity 150, debt 230, lease debt 50, adjusted debt 280: adjusted_debt_to_cash 280/150.</summary>
    public static FinancialPeriod Quarter(DateOnly periodEnd, double cash = 100) => new()
    {
        PeriodEnd = periodEnd,
        Cash = cash,
        ShortTermInvestments = 50,
        ShortTermDebt = 30,
        LongTermDebt = 200,
        OperatingLeaseLiabilities = 40,
        FinanceLeaseLiabilities = 10,
        UndrawnCreditFacilities = 25,
        Revenue = 500,
        Ebitda = 80,
        OperatingCashFlow = 60,
        Capex = 20,
        InterestExpense = 5,
        Source = "test",
    };

    /// <summary>The quarter ending <paramref name="n"/> quarters after <see cref="FirstQuarterEnd"/>.</summary>
    public static DateOnly QuarterEnd(int n)
    {
        var end = FirstQuarterEnd.AddMonths(3 * n);
        return new DateOnly(end.Year, end.Month, DateTime.DaysInMonth(end.Year, end.Month));
    }

    /// <summary>A balance sheet with ample cash, little debt and strong earnings.</summary>
    public static FinancialPeriod StrongQuarter(DateOnly periodEnd) => new()
    {
        PeriodEnd = periodEnd,
        Cash = 5_000,
        ShortTermDebt = 10,
        LongTermDebt = 100,
        Revenue = 2_000,
        Ebitda = 800,
        OperatingCashFlow = 700,
        Capex = 100,
        InterestExpense = 2,
    };

    /// <summary>Little cash, heavy short-term debt, losses.</summary>
    public static FinancialPeriod WeakQuarter(DateOnly periodEnd) => new()
    {
        PeriodEnd = periodEnd,
        Cash = 5,
        ShortTermDebt = 900,
        LongTermDebt = 3_000,
        Revenue = 100,
        Ebitda = -50,
        OperatingCashFlow = -80,
        Capex = 30,
        InterestExpense = 60,
    };

    public static Commitment Commitment(string id, double amount, DateOnly due) => new()
    {
        Id = id,
        Counterparty = "Foundry Inc",
        Kind = CommitmentKind.Chips,
        Payments = [new DatedAmount(due, amount)],
        Sunk = 10,
        SalvageFraction = 0.5,
    };

    public static MarketTick Tick(DateTimeOffset asOf, double marketCap = 1_000) =>
        new(marketCap, EquityVolatility: 0.4, RiskFreeRate: 0.04, EquityReturn1Y: null, asOf);

    public static ImmutableArray<FinancialPeriod> Batch(params FinancialPeriod[] periods) => [.. periods];
}

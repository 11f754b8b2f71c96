namespace RiskGrains.Filings.Tests;

/// <summary>
/// Quarters of the real Snowflake file checked against its facts by hand. Every expected value below is
/// written as the arithmetic on the facts (us-gaap concept, period, value in USD, accession number), in
/// USD millions. Snowflake's fiscal year ends on 31 January: FY2025 runs from 2024-02-01 to 2025-01-31.
/// </summary>
public sealed class SnowflakeQuarterTests
{
    [Fact]
    public void FourthQuarterIsTheFiscalYearLessNineMonths()
    {
        // FY2025 Q4, 2024-11-01 to 2025-01-31. The 10-K has no 3-month facts: each flow is
        // FY (2024-02-01..2025-01-31, 10-K 0001640147-25-000052 filed 2025-03-21)
        // − 9M (2024-02-01..2024-10-31, 10-Q 0001640147-24-000250 filed 2024-11-27).
        var q4 = Snowflake.Period(2025, 1, 31);

        Assert.Equal(3, q4.PeriodMonths);
        // RevenueFromContractWithCustomerExcludingAssessedTax: 3,626,396,000 − 2,639,626,000
        Approx.Millions(986.770, q4.Revenue);
        // NetCashProvidedByUsedInOperatingActivities: 959,764,000 − 527,039,000
        Approx.Millions(432.725, q4.OperatingCashFlow);
        // PaymentsToAcquirePropertyPlantAndEquipment (46,279,000 − 35,002,000 = 11,277,000)
        // + PaymentsToDevelopSoftware (29,433,000 − 23,428,000 = 6,005,000)
        Approx.Millions(17.282, q4.Capex);
        // OperatingIncomeLoss (−1,456,010,000 − −1,069,332,000 = −386,678,000)
        // + DepreciationDepletionAndAmortization (182,508,000 − 132,378,000 = 50,130,000)
        Approx.Millions(-336.548, q4.Ebitda);
        Approx.Millions(-386.678, q4.Ebit);
        // InterestExpenseNonoperating: 2,759,000 − 689,000
        Approx.Millions(2.070, q4.InterestExpense);
        // PaymentsForRepurchaseOfCommonStock: 1,932,333,000 − 1,932,333,000 (no buyback in the quarter)
        Approx.Millions(0, q4.ShareholderReturns);

        // Stocks at 2025-01-31, as the 10-K reported them and the next 10-Q (0001640147-25-000110,
        // filed 2025-05-30) repeated them: the later filing is the one named.
        Approx.Millions(2628.798, q4.Cash); // CashAndCashEquivalentsAtCarryingValue 2,628,798,000
        Approx.Millions(2008.873, q4.ShortTermInvestments); // AvailableForSaleSecuritiesDebtSecuritiesCurrent 2,008,873,000
        Approx.Millions(2271.529, q4.LongTermDebt); // ConvertibleDebtNoncurrent 2,271,529,000
        Approx.Millions(0, q4.ShortTermDebt); // no current debt concept: missing, 0
        Approx.Millions(413.741, q4.OperatingLeaseLiabilities); // OperatingLeaseLiabilityCurrent 35,923,000 + …Noncurrent 377,818,000
        Approx.Millions(0, q4.FinanceLeaseLiabilities); // no finance lease concept: missing, 0
        Approx.Millions(9033.938, q4.TotalAssets); // Assets
        Approx.Millions(6027.295, q4.TotalLiabilities); // Liabilities
        Approx.Millions(5869.372, q4.CurrentAssets); // AssetsCurrent
        Approx.Millions(3301.183, q4.CurrentLiabilities); // LiabilitiesCurrent
        Approx.Millions(-7293.575, q4.RetainedEarnings); // RetainedEarningsAccumulatedDeficit

        Assert.StartsWith("SEC companyfacts CIK 1640147 FY2025 Q4 (2024-11-01 to 2025-01-31): 10-Q 0001640147-25-000110 filed 2025-05-30", q4.Source);
        Assert.Contains("10-K 0001640147-25-000052 filed 2025-03-21", q4.Source);
        Assert.Contains("10-Q 0001640147-24-000250 filed 2024-11-27", q4.Source);
        Assert.Contains("FY - 9M: revenue, ebitda, operating_cash_flow, capex, interest_expense, shareholder_returns, ebit", q4.Source);
        Assert.Contains("missing, 0 used: short_term_debt, finance_lease_liabilities, undrawn_credit_facilities", q4.Source);
    }

    [Fact]
    public void ThirdQuarterCashFlowsAreNineMonthsLessTheHalfYear()
    {
        // FY2025 Q3, 2024-08-01 to 2024-10-31, the quarter the convertible notes were issued. The 10-Q
        // (0001640147-24-000250, filed 2024-11-27) gives the income statement for the quarter alone, but its
        // cash-flow statement only year to date: 9M (that 10-Q) − H1 (2024-02-01..2024-07-31, 10-Q
        // 0001640147-24-000207 filed 2024-08-29).
        var q3 = Snowflake.Period(2024, 10, 31);

        // RevenueFromContractWithCustomerExcludingAssessedTax, 2024-08-01..2024-10-31, as reported
        // (and 2,639,626,000 − 1,697,532,000 = 942,094,000 from the year-to-date facts, the same)
        Approx.Millions(942.094, q3.Revenue);
        // NetCashProvidedByUsedInOperatingActivities: 527,039,000 − 425,333,000
        Approx.Millions(101.706, q3.OperatingCashFlow);
        // PaymentsToAcquirePropertyPlantAndEquipment (35,002,000 − 21,562,000 = 13,440,000)
        // + PaymentsToDevelopSoftware (23,428,000 − 13,396,000 = 10,032,000)
        Approx.Millions(23.472, q3.Capex);
        // OperatingIncomeLoss for the quarter −365,457,000
        // + DepreciationDepletionAndAmortization (132,378,000 − 85,332,000 = 47,046,000)
        Approx.Millions(-318.411, q3.Ebitda);
        // InterestExpenseNonoperating for the quarter, 689,000: the first coupon of the notes
        Approx.Millions(0.689, q3.InterestExpense);
        // PaymentsForRepurchaseOfCommonStock: 1,932,333,000 − 916,329,000
        Approx.Millions(1016.004, q3.ShareholderReturns);

        Approx.Millions(2148.928, q3.Cash); // CashAndCashEquivalentsAtCarryingValue 2,148,928,000
        Approx.Millions(2008.062, q3.ShortTermInvestments); // AvailableForSaleSecuritiesDebtSecuritiesCurrent
        Approx.Millions(2269.459, q3.LongTermDebt); // ConvertibleDebtNoncurrent 2,269,459,000
        Approx.Millions(326.169, q3.OperatingLeaseLiabilities); // 38,288,000 + 287,881,000

        Assert.StartsWith("SEC companyfacts CIK 1640147 FY2025 Q3 (2024-08-01 to 2024-10-31): 10-Q 0001640147-24-000250 filed 2024-11-27", q3.Source);
        Assert.Contains("also 10-Q 0001640147-24-000207 filed 2024-08-29 (ebitda, operating_cash_flow, capex, shareholder_returns)", q3.Source);
        Assert.Contains("quarter derived as 9M - H1: ebitda, operating_cash_flow, capex, shareholder_returns", q3.Source);
    }

    [Fact]
    public void SecondQuarterIsTheHalfYearLessTheFirstAndAMissingHalfYearIsRecovered()
    {
        // FY2025 Q2, 2024-05-01 to 2024-07-31 (10-Q 0001640147-24-000207, filed 2024-08-29).
        var q2 = Snowflake.Period(2024, 7, 31);

        // NetCashProvidedByUsedInOperatingActivities: H1 425,333,000 − Q1 355,468,000 (Q1 as repeated
        // by 10-Q 0001640147-25-000110, filed 2025-05-30)
        Approx.Millions(69.865, q2.OperatingCashFlow);
        // PaymentsToAcquirePropertyPlantAndEquipment (21,562,000 − 16,519,000 = 5,043,000)
        // + PaymentsToDevelopSoftware (13,396,000 − 7,404,000 = 5,992,000)
        Approx.Millions(11.035, q2.Capex);
        Approx.Millions(868.823, q2.Revenue); // reported for the quarter alone

        // InterestExpenseNonoperating has no H1 fact. 9M 689,000 (0001640147-24-000250) − Q3 alone
        // 689,000 (same 10-Q) − Q1 0 (0001640147-25-000110) = 0.
        Approx.Millions(0, q2.InterestExpense);
        Assert.Contains("9M - Q3 - Q1: interest_expense", q2.Source);

        // No convertible notes yet, and no debt concept at 2024-07-31: a missing field, 0 and a warning.
        Approx.Millions(0, q2.LongTermDebt);
        var warning = Assert.Single(Snowflake.Result.Warnings, w => w.Where == "long_term_debt");
        Assert.Contains("2024-07-31", warning.Message);
        Assert.DoesNotContain("2024-10-31", warning.Message);
    }

    [Fact]
    public void RepeatedFactsAreTakenFromTheLatestFiling()
    {
        // FY2025 Q1, 2024-02-01 to 2024-04-30. Its flows were filed in 10-Q 0001640147-24-000135
        // (2024-05-31) and filed again, as comparatives, in 10-Q 0001640147-25-000110 (2025-05-30):
        // the later filing wins. Its balance sheet (but cash) is only in the first.
        var q1 = Snowflake.Period(2024, 4, 30);

        Approx.Millions(828.709, q1.Revenue); // 828,709,000 in both filings
        Approx.Millions(355.468, q1.OperatingCashFlow);
        Approx.Millions(23.923, q1.Capex); // 16,519,000 + 7,404,000
        Approx.Millions(-308.351, q1.Ebitda); // −348,572,000 + 40,221,000
        Approx.Millions(516.329, q1.ShareholderReturns);
        Approx.Millions(1330.411, q1.Cash);
        Approx.Millions(2200.935, q1.ShortTermInvestments);
        Approx.Millions(278.441, q1.OperatingLeaseLiabilities); // 30,940,000 + 247,501,000

        Assert.StartsWith("SEC companyfacts CIK 1640147 FY2025 Q1 (2024-02-01 to 2024-04-30): 10-Q 0001640147-25-000110 filed 2025-05-30", q1.Source);
        Assert.Contains("also 10-Q 0001640147-24-000135 filed 2024-05-31 (short_term_investments, operating_lease_liabilities, total_assets,", q1.Source);
    }

    [Fact]
    public void TheNewestQuarterIsTheFirstOfTheFiscalYearThatEndsIn2026()
    {
        // FY2026 Q1, 2025-02-01 to 2025-04-30, all from 10-Q 0001640147-25-000110: the file's last quarter.
        var newest = Snowflake.Company.Periods[^1];

        Assert.Equal(new DateOnly(2025, 4, 30), newest.PeriodEnd);
        Approx.Millions(1042.074, newest.Revenue);
        Approx.Millions(228.373, newest.OperatingCashFlow);
        Approx.Millions(2243.083, newest.Cash);
        Approx.Millions(2273.6, newest.LongTermDebt); // ConvertibleDebtNoncurrent 2,273,600,000
        Approx.Millions(2.071, newest.InterestExpense);
        Assert.Equal(
            "SEC companyfacts CIK 1640147 FY2026 Q1 (2025-02-01 to 2025-04-30): 10-Q 0001640147-25-000110 filed 2025-05-30; " +
            "missing, 0 used: short_term_debt, finance_lease_liabilities, undrawn_credit_facilities",
            newest.Source);
    }
}

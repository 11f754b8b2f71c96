using System.Globalization;
using System.Text.Json;
using RiskGrains.Filings.Csv;
using RiskGrains.Model;

namespace RiskGrains.Filings.Tests;

/// <summary>The CSV importer on the sample's own source CSV, and on lines it must refuse.</summary>
public sealed class LongCsvImporterTests
{
    [Fact]
    public void TheSampleCsvGivesTheFiveCompaniesWithTheirPeriods()
    {
        var result = SampleCsv.Result;

        Assert.Empty(result.Errors);
        Assert.Equal(["MSFT", "META", "AMZN", "ORCL", "GOOGL"], result.Companies.Select(c => c.Profile.Id));
        Assert.Equal(["Microsoft", "Meta Platforms", "Amazon", "Oracle", "Alphabet"], result.Companies.Select(c => c.Profile.Name));
        Assert.All(result.Companies, c => Assert.Equal("USD", c.Profile.Currency));
        // The same records as the hand-built sample: every date with a revenue figure.
        Assert.Equal(["2022-06-30", "2025-06-30", "2025-12-31"], Ends("MSFT"));
        Assert.Equal(["2022-12-31", "2025-09-30", "2025-12-31"], Ends("META"));
        Assert.Equal(["2022-12-31", "2025-12-31"], Ends("AMZN"));
        Assert.Equal(["2022-05-31", "2025-05-31", "2025-11-30"], Ends("ORCL"));
        Assert.Equal(["2022-12-31", "2025-12-31"], Ends("GOOGL"));
        Assert.All(result.Companies.SelectMany(c => c.Periods), p => Assert.Equal(12, p.PeriodMonths));
        Assert.All(result.Companies, c => Assert.Empty(InputRules.ValidateInputs(new CompanyInputs(c.Periods, c.Commitments, null), SampleCsv.Today)));
    }

    [Fact]
    public void AmazonMatchesTheHandBuiltSampleFigureForFigure()
    {
        // Amazon's CSV needs no substitution: the importer gives the sample JSON's numbers exactly,
        // periods and commitment schedules (rules P and L) alike.
        var sample = SampleCsv.SampleCompany("AMZN");
        var imported = SampleCsv.Company("AMZN");

        var samplePeriods = sample.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(samplePeriods.Count, imported.Periods.Length);
        foreach (var (expected, actual) in samplePeriods.Zip(imported.Periods))
        {
            Assert.Equal(DateOnly.Parse(expected.GetProperty("periodEnd").GetString()!, CultureInfo.InvariantCulture), actual.PeriodEnd);
            Assert.Equal(expected.GetProperty("periodMonths").GetInt32(), actual.PeriodMonths);
            Assert.Equal(expected.GetProperty("cash").GetDouble(), actual.Cash);
            Assert.Equal(expected.GetProperty("shortTermInvestments").GetDouble(), actual.ShortTermInvestments);
            Assert.Equal(expected.GetProperty("shortTermDebt").GetDouble(), actual.ShortTermDebt);
            Assert.Equal(expected.GetProperty("longTermDebt").GetDouble(), actual.LongTermDebt);
            Assert.Equal(expected.GetProperty("operatingLeaseLiabilities").GetDouble(), actual.OperatingLeaseLiabilities);
            Assert.Equal(expected.GetProperty("financeLeaseLiabilities").GetDouble(), actual.FinanceLeaseLiabilities);
            Assert.Equal(expected.GetProperty("revenue").GetDouble(), actual.Revenue);
            Assert.Equal(expected.GetProperty("ebitda").GetDouble(), actual.Ebitda);
            Assert.Equal(expected.GetProperty("operatingCashFlow").GetDouble(), actual.OperatingCashFlow);
            Assert.Equal(expected.GetProperty("capex").GetDouble(), actual.Capex);
            Assert.Equal(expected.GetProperty("interestExpense").GetDouble(), actual.InterestExpense);
        }

        var sampleCommitments = sample.GetProperty("commitments").EnumerateArray()
            .ToDictionary(c => c.GetProperty("kind").GetString()!, c => Payments(c.GetProperty("payments")));
        Assert.Equal(sampleCommitments["LeaseNotCommenced"], imported.Commitments.Single(c => c.Kind == CommitmentKind.LeaseNotCommenced).Payments);
        Assert.Equal(sampleCommitments["Other"], imported.Commitments.Single(c => c.Kind == CommitmentKind.Other).Payments);
    }

    [Fact]
    public void MicrosoftsFiscalYear2025IsReadFromItsRows()
    {
        var fy2025 = SampleCsv.Company("MSFT").Periods.Single(p => p.PeriodEnd == new DateOnly(2025, 6, 30));

        Assert.Equal(30242, fy2025.Cash);
        Assert.Equal(64323, fy2025.ShortTermInvestments);
        Assert.Equal(2999, fy2025.ShortTermDebt); // commercial paper 0 + current portion 2,999
        Assert.Equal(40152, fy2025.LongTermDebt);
        Assert.Equal(22861, fy2025.OperatingLeaseLiabilities);
        Assert.Equal(46172, fy2025.FinanceLeaseLiabilities);
        Assert.Equal(281724, fy2025.Revenue);
        Assert.Equal(162681, fy2025.Ebitda); // ebitda_fy_derived
        Assert.Equal(136162, fy2025.OperatingCashFlow);
        Assert.Equal(64551, fy2025.Capex);
        Assert.Equal(2385, fy2025.InterestExpense);
        Assert.StartsWith("hyperscalers.csv MSFT 2025-06-30, 12 months (fiscal year or TTM), lines 27, 28, 29, 30, 31, 34, 37, 38, 41, 42, 43, 47; stockanalysis.com", fy2025.Source);
        Assert.Equal(500, fy2025.Source.Length);
    }

    [Fact]
    public void AFigureMissingAtADateIsNotBorrowedFromAnother()
    {
        // Oracle's CSV has no operating income, interest or debt split at 2025-11-30; the hand-built sample
        // borrowed them from other dates. The importer leaves them missing and says so.
        var orcl = SampleCsv.Company("ORCL").Periods[^1];
        var warnings = SampleCsv.Result.Warnings.Where(w => w.Where.StartsWith("ORCL 2025-11-30", StringComparison.Ordinal)).ToDictionary(w => w.Where, w => w.Message);

        Assert.Equal(0, orcl.Ebitda);
        Assert.Equal(0, orcl.InterestExpense);
        Assert.Equal(108000, orcl.LongTermDebt);
        Assert.Equal(0, orcl.ShortTermDebt);
        Assert.StartsWith("no figure for ebitda_fy_derived", warnings["ORCL 2025-11-30 ebitda"]);
        Assert.Equal("only total debt is given: all of it counts as long-term debt, as no short-term figure is given at this date", warnings["ORCL 2025-11-30 long_term_debt"]);
    }

    [Fact]
    public void ACombinedLeaseTotalIsSplitByTheOperatingPartWithAWarning()
    {
        // MSFT 2025-12-31: lease_liabilities_total_operating_plus_finance_derived 83,016 and
        // operating_lease_liabilities_noncurrent 17,345 (no current part): finance = 83,016 − 17,345.
        var msft = SampleCsv.Company("MSFT").Periods[^1];

        Assert.Equal(17345, msft.OperatingLeaseLiabilities);
        Assert.Equal(65671, msft.FinanceLeaseLiabilities);
        Assert.Equal(175259, msft.Ebitda); // operating_income_ttm 142,559 + depreciation_amortization_ttm 32,700
        Assert.Contains(SampleCsv.Result.Warnings, w => w.Where == "MSFT 2025-12-31 finance_lease_liabilities" && w.Message.Contains("the split is assumed", StringComparison.Ordinal));
    }

    [Fact]
    public void CommitmentsAreTheLatestDisclosureScheduledFromTheCompanysT0()
    {
        var orcl = SampleCsv.Company("ORCL").Commitments;
        var cloud = orcl.Single(c => c.Id == "orcl-cloud-capacity-purchase-obligations-2025-11-30");
        var leases = orcl.Single(c => c.Id == "orcl-leases-not-yet-commenced-2025-11-30");

        // Rule P: 10,000 / 12 = 833.33 × 11 + 833.37, on the month ends 2026-02-28 … 2028-11-30.
        Assert.Equal(CommitmentKind.Other, cloud.Kind);
        Assert.Equal(12, cloud.Payments.Length);
        Assert.Equal(new DatedAmount(new DateOnly(2026, 2, 28), 833.33), cloud.Payments[0]);
        Assert.Equal(new DatedAmount(new DateOnly(2026, 5, 31), 833.33), cloud.Payments[1]);
        Assert.Equal(new DatedAmount(new DateOnly(2028, 11, 30), 833.37), cloud.Payments[^1]);
        // Rule L with the default 15-year term: u = 248,000 / 75 = 3,306.67; 19 anniversaries of t0.
        Assert.Equal(CommitmentKind.LeaseNotCommenced, leases.Kind);
        Assert.Equal(19, leases.Payments.Length);
        Assert.Equal(new DatedAmount(new DateOnly(2026, 11, 30), 3306.67), leases.Payments[0]);
        Assert.Equal(new DatedAmount(new DateOnly(2030, 11, 30), 16533.33), leases.Payments[4]);
        Assert.Equal(248000, leases.Payments.Sum(p => (decimal)p.Amount));
        Assert.All(orcl, c => Assert.False(c.Cancellable));
        // The FY2025 figure of leases not yet commenced (line 205) is superseded by Q2 FY2026's.
        Assert.Contains(new ImportIssue("line 205", "ORCL leases_not_yet_commenced at 2025-05-31 is superseded by line 217 at 2025-11-30 and not imported"), SampleCsv.Result.Warnings);
        Assert.Equal(2, orcl.Length);
    }

    [Fact]
    public void DatesWithoutRevenueAreBalanceSheetPointsAndLeftOut()
    {
        var leftOut = SampleCsv.Result.Warnings.Where(w => w.Message.Contains("are balance-sheet points", StringComparison.Ordinal)).Select(w => w.Where);

        Assert.Equal(["META 2022-03-31", "AMZN 2025-09-30", "GOOGL 2024-12-31"], leftOut);
    }

    [Fact]
    public void TheAcceptedMetricsAreTheSampleCsvsMetrics()
    {
        var sampleMetrics = SampleCsv.Lines().Skip(1).Select(l => l.Split(',')[3]).ToHashSet();

        Assert.Equal(sampleMetrics.Order(), CsvMetrics.All.Select(m => m.Name).Order());
    }

    [Fact]
    public void AnUnknownMetricIsRefusedWithItsLineNumber()
    {
        var lines = SampleCsv.Lines();
        lines.Insert(4, "Microsoft,MSFT,2022-06-30,revenue_quarterly,50000,made up");

        var refused = Assert.Throws<ImportRefusedException>(() => SampleCsv.Import(lines));

        Assert.Equal(
            new ImportIssue("line 5", "unknown metric 'revenue_quarterly'; the accepted metrics are listed in docs/import.md"),
            Assert.Single(refused.Issues));
        Assert.Contains("line 5: unknown metric 'revenue_quarterly'", refused.Message);
    }

    [Fact]
    public void EveryBadLineIsNamed()
    {
        var lines = new List<string>
        {
            LongCsvImporter.Header,
            "Example,EX,2025-12-31,revenue_fy,100,ok",
            "Example,EX,2025-02-30,cash_and_cash_equivalents,10,no such day",
            "Example,EX,2025-12-31,operating_cash_flow_fy,1.234.5,bad number",
            "Example,EX,2025-12-31,capex_fy,5",
            "Example,EX,2025-12-31,interest_expense_fy,1,\"unclosed",
            "Example,EX,2025-12-31,revenue_fy,100,again",
            "Example,E X,2025-12-31,capex_fy,5,space in ticker",
            "Other name,EX,2025-12-31,capex_fy,5,renamed",
        };

        var refused = Assert.Throws<ImportRefusedException>(() => SampleCsv.Import(lines));

        Assert.Equal(["line 3", "line 4", "line 5", "line 6", "line 7", "line 8", "line 9"], refused.Issues.Select(i => i.Where));
        Assert.StartsWith("period_end '2025-02-30' is not a date", refused.Issues[0].Message);
        Assert.StartsWith("value_usd_millions '1.234.5' is neither a number", refused.Issues[1].Message);
        Assert.StartsWith("has 5 fields; the format has 6", refused.Issues[2].Message);
        Assert.StartsWith("a quoted field is not closed", refused.Issues[3].Message);
        Assert.Equal("gives EX 2025-12-31 revenue_fy again (first on line 2)", refused.Issues[4].Message);
        Assert.StartsWith("ticker 'E X' is not a company id", refused.Issues[5].Message);
        Assert.Equal("names ticker EX 'Other name', but line 2 named it 'Example'", refused.Issues[6].Message);
    }

    [Fact]
    public void AWrongHeaderIsRefusedAsLineOne()
    {
        var refused = Assert.Throws<ImportRefusedException>(() => SampleCsv.Import(["ticker,period_end,metric,value", "MSFT,2025-06-30,revenue_fy,1"]));

        Assert.Equal(new ImportIssue("line 1", $"the header must be {LongCsvImporter.Header}"), Assert.Single(refused.Issues));
    }

    [Fact]
    public void QuotedFieldsMayHoldCommasAndQuotes()
    {
        var result = SampleCsv.Import(
        [
            LongCsvImporter.Header,
            "\"Example, Inc.\",EX,2025-12-31,revenue_fy,100,\"10-K, p. 3 (\"\"Revenue\"\")\"",
            "\"Example, Inc.\",EX,2025-12-31,cash_and_cash_equivalents,missing,NOT FOUND",
        ]);

        var company = Assert.Single(result.Companies);
        Assert.Equal("Example, Inc.", company.Profile.Name);
        var period = Assert.Single(company.Periods);
        Assert.Equal(100, period.Revenue);
        Assert.Equal(0, period.Cash);
        Assert.Equal("test.csv EX 2025-12-31, 12 months (fiscal year or TTM), lines 2; 10-K, p. 3 (\"Revenue\")", period.Source);
        Assert.Contains(result.Warnings, w => w.Where == "EX 2025-12-31 cash");
    }

    private static List<string> Ends(string ticker) =>
        SampleCsv.Company(ticker).Periods.Select(p => p.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();

    private static List<DatedAmount> Payments(JsonElement payments) =>
        payments.EnumerateArray()
            .Select(p => new DatedAmount(DateOnly.Parse(p.GetProperty("date").GetString()!, CultureInfo.InvariantCulture), p.GetProperty("amount").GetDouble()))
            .ToList();
}

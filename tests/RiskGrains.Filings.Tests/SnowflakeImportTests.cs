using System.Text;
using System.Text.Json.Nodes;
using RiskGrains.Filings.Sec;
using RiskGrains.Model;

namespace RiskGrains.Filings.Tests;

/// <summary>The real Snowflake file as a whole: profile, fiscal calendar, commitment, sources, warnings.</summary>
public sealed class SnowflakeImportTests
{
    [Fact]
    public void TheProfileNamesTheFilerInUsdWithNoSector()
    {
        var profile = Snowflake.Company.Profile;

        Assert.Equal(new CompanyProfile("SNOW", "SNOWFLAKE INC.", "", "USD"), profile);
    }

    [Fact]
    public void QuartersEndOnTheFiscalCalendarThatEndsOn31January()
    {
        var ends = Snowflake.Company.Periods.Select(p => p.PeriodEnd).ToList();

        // The fiscal year ends on 31 January, so quarters end on 30 April, 31 July, 31 October and
        // 31 January, never on a calendar quarter end.
        Assert.All(ends, end => Assert.Contains((end.Month, end.Day), new[] { (4, 30), (7, 31), (10, 31), (1, 31) }));
        Assert.All(Snowflake.Company.Periods, p => Assert.Equal(3, p.PeriodMonths));
        Assert.Equal(new DateOnly(2019, 10, 31), ends[0]);
        Assert.Equal(new DateOnly(2025, 4, 30), ends[^1]);
        // Every quarter from FY2020 Q3 (the first 10-Q's comparatives) to FY2026 Q1; FY2020's first
        // two quarters are in no filing, and 2019-01-31 is only an opening cash balance.
        Assert.Equal(23, ends.Count);
        Assert.Equal(ends.Order(), ends);
        Assert.Contains(Snowflake.Result.Warnings, w => w.Where == "periods" && w.Message.Contains("2019-01-31", StringComparison.Ordinal));
        Assert.Contains("FY2025 Q4 (2024-11-01 to 2025-01-31)", Snowflake.Period(2025, 1, 31).Source);
    }

    [Fact]
    public void EveryImportedPeriodAndCommitmentPassesTheInputRules()
    {
        Assert.Empty(Snowflake.Result.Errors);
        var company = Snowflake.Company;
        var inputs = new CompanyInputs(company.Periods, company.Commitments, Market: null);

        Assert.Empty(InputRules.ValidateInputs(inputs, Snowflake.Today));
        Assert.Empty(InputRules.ValidateProfile(company.Profile, "profile"));
    }

    [Fact]
    public void EverySourceFitsTheServiceLimit()
    {
        Assert.All(Snowflake.Company.Periods, p => Assert.InRange(p.Source.Length, 1, 500));
        Assert.All(Snowflake.Company.Commitments, c => Assert.InRange(c.Source.Length, 1, 500));
    }

    [Fact]
    public void PurchaseObligationsByYearBecomeOneScheduledCommitment()
    {
        // As of 2025-01-31 (10-K 0001640147-25-000052, the latest filing with the by-year split):
        // PurchaseObligationDueInNextTwelveMonths 569,771,000, …InSecondYear 577,133,000,
        // …InThirdYear 655,709,000, …InFourthYear 964,554,000; no fifth-year or later fact.
        // PurchaseObligation, the total, is 2,767,167,000 = the sum of the four.
        var commitment = Assert.Single(Snowflake.Company.Commitments);

        Assert.Equal("purchase-obligations-2025-01-31", commitment.Id);
        Assert.Equal(CommitmentKind.Other, commitment.Kind);
        Assert.False(commitment.Cancellable);
        Assert.Equal(1, commitment.CancellationPenalty);
        Assert.Equal(0, commitment.Sunk);
        Assert.Equal<DatedAmount>(
            [
                new DatedAmount(new DateOnly(2026, 1, 31), 569.771),
                new DatedAmount(new DateOnly(2027, 1, 31), 577.133),
                new DatedAmount(new DateOnly(2028, 1, 31), 655.709),
                new DatedAmount(new DateOnly(2029, 1, 31), 964.554),
            ],
            commitment.Payments);
        Approx.Millions(2767.167, commitment.Payments.Sum(p => p.Amount));
        Assert.StartsWith(
            "SEC companyfacts CIK 1640147 us-gaap PurchaseObligation by year as of 2025-01-31: 10-K 0001640147-25-000052 filed 2025-03-21; " +
            "y1 569.771, y2 577.133, y3 655.709, y4 964.554; total 2,767.167",
            commitment.Source);
    }

    [Fact]
    public void AnUnrecordedTotalWithoutYearsIsReportedAndNotImported()
    {
        // UnrecordedUnconditionalPurchaseObligationBalanceSheetAmount: 47,800,000 at 2025-01-31 and
        // 48,200,000 at 2025-04-30, with no split by year.
        var warnings = Snowflake.Result.Warnings.Where(w => w.Where == "commitments").Select(w => w.Message).ToList();

        Assert.Equal(2, warnings.Count);
        Assert.StartsWith("UnrecordedUnconditionalPurchaseObligationBalanceSheetAmount 47.8 at 2025-01-31 (10-K 0001640147-25-000052", warnings[0]);
        Assert.StartsWith("UnrecordedUnconditionalPurchaseObligationBalanceSheetAmount 48.2 at 2025-04-30 (10-Q 0001640147-25-000110", warnings[1]);
    }

    [Fact]
    public void MissingConceptsAreWarnedOncePerFieldWithTheirQuarters()
    {
        var byField = Snowflake.Result.Warnings.ToLookup(w => w.Where);

        // Snowflake has no short-term debt, finance leases or credit facility in XBRL at all.
        Assert.Contains("in every quarter (23)", Assert.Single(byField["short_term_debt"]).Message);
        Assert.Contains("in every quarter (23)", Assert.Single(byField["finance_lease_liabilities"]).Message);
        Assert.Contains("0 used, as the model has no absent value", Assert.Single(byField["undrawn_credit_facilities"]).Message);
        // Interest expense is tagged from FY2024 (InterestExpenseNonoperating); before it is missing.
        var interest = Assert.Single(byField["interest_expense"]).Message;
        Assert.Contains("2023-07-31", interest);
        Assert.DoesNotContain("2023-10-31", interest);
        // The first quarter, FY2020 Q3, has no D&A: EBITDA is operating income alone, and says so.
        Assert.Contains(byField["ebitda"], w => w.Message.StartsWith("no depreciation and amortization", StringComparison.Ordinal)
            && w.Message.EndsWith("in the quarters ending 2019-10-31", StringComparison.Ordinal));
    }

    [Fact]
    public void ALaterAmendmentThatRestatesAValueWins()
    {
        // No mapped value of the real file changes between filings (they are only repeated), so an
        // amendment is added to it: a 10-K/A, filed after everything else, restating FY2025 revenue
        // from 3,626,396,000 to 3,630,000,000. The accession number is made up for the test.
        var json = JsonNode.Parse(File.ReadAllText(Snowflake.FilePath))!;
        var revenue = json["facts"]!["us-gaap"]!["RevenueFromContractWithCustomerExcludingAssessedTax"]!["units"]!["USD"]!.AsArray();
        revenue.Add(new JsonObject
        {
            ["start"] = "2024-02-01",
            ["end"] = "2025-01-31",
            ["val"] = 3_630_000_000,
            ["accn"] = "0001640147-25-900001",
            ["fy"] = 2025,
            ["fp"] = "FY",
            ["form"] = "10-K/A",
            ["filed"] = "2025-06-16",
        });

        var result = SecCompanyFactsImporter.Import(new MemoryStream(Encoding.UTF8.GetBytes(json.ToJsonString())), "SNOW", Snowflake.Today);
        var q4 = result.Companies.Single().Periods.Single(p => p.PeriodEnd == new DateOnly(2025, 1, 31));

        // 3,630,000,000 (the 10-K/A) − 2,639,626,000 (9M, 10-Q 0001640147-24-000250)
        Approx.Millions(990.374, q4.Revenue);
        Assert.Contains("10-K/A 0001640147-25-900001 filed 2025-06-16 (revenue)", q4.Source);
        // Everything else of the quarter is as before.
        Approx.Millions(432.725, q4.OperatingCashFlow);
    }
}

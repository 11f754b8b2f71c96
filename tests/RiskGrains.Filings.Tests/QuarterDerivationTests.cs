using RiskGrains.Filings.Sec;

namespace RiskGrains.Filings.Tests;

/// <summary>The quarter rules on small files: a December year, restatements, a quarter the rules refuse.</summary>
public sealed class QuarterDerivationTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    [Fact]
    public void ACalendarYearFilerGetsQuartersFromItsYearToDateCashFlows()
    {
        // 10-Q cash-flow statements are year to date: Q1 100, H1 250, 9M 420, FY 600.
        var file = new CompanyFactsJson()
            .Fact("NetCashProvidedByUsedInOperatingActivities", "2024-01-01", "2024-03-31", 100_000_000, "a-1", filed: "2024-05-01")
            .Fact("NetCashProvidedByUsedInOperatingActivities", "2024-01-01", "2024-06-30", 250_000_000, "a-2", filed: "2024-08-01")
            .Fact("NetCashProvidedByUsedInOperatingActivities", "2024-01-01", "2024-09-30", 420_000_000, "a-3", filed: "2024-11-01")
            .Fact("NetCashProvidedByUsedInOperatingActivities", "2024-01-01", "2024-12-31", 600_000_000, "a-4", "10-K", "2025-02-15");

        var periods = SecCompanyFactsImporter.Import(file.ToStream(), "EX", Today).Companies.Single().Periods;

        Assert.Equal(
            [(new DateOnly(2024, 3, 31), 100.0), (new DateOnly(2024, 6, 30), 150.0), (new DateOnly(2024, 9, 30), 170.0), (new DateOnly(2024, 12, 31), 180.0)],
            periods.Select(p => (p.PeriodEnd, p.OperatingCashFlow)));
        Assert.Contains("FY2024 Q4 (2024-10-01 to 2024-12-31): 10-K a-4 filed 2025-02-15; also 10-Q a-3 filed 2024-11-01 (operating_cash_flow); quarter derived as FY - 9M", periods[3].Source);
    }

    [Fact]
    public void OnTheSameFilingDateAnAmendmentWins()
    {
        var file = new CompanyFactsJson()
            .Fact("Revenues", "2024-01-01", "2024-03-31", 100_000_000, "b-1", "10-Q", "2024-05-01")
            .Fact("Revenues", "2024-01-01", "2024-03-31", 90_000_000, "b-2", "10-Q/A", "2024-05-01")
            .Fact("Revenues", "2024-01-01", "2024-03-31", 80_000_000, "b-0", "10-Q", "2024-04-30")
            .Fact("Revenues", "2023-01-01", "2023-12-31", 300_000_000, "b-9", "10-K", "2024-02-01");

        var period = SecCompanyFactsImporter.Import(file.ToStream(), "EX", Today).Companies.Single().Periods.Single();

        Approx.Millions(90, period.Revenue);
        Assert.Contains("10-Q/A b-2 filed 2024-05-01", period.Source);
    }

    [Fact]
    public void AQuarterTheInputRulesRefuseIsLeftOutAndNamedByItsField()
    {
        // Capex of 9 months 50 and of the year 40 (a reclassification in the 10-K): Q4 = 40 − 50 = −10,
        // and capex may not be negative.
        var file = new CompanyFactsJson()
            .Fact("PaymentsToAcquirePropertyPlantAndEquipment", "2024-01-01", "2024-09-30", 50_000_000, "c-1", filed: "2024-11-01")
            .Fact("PaymentsToAcquirePropertyPlantAndEquipment", "2024-01-01", "2024-12-31", 40_000_000, "c-2", "10-K", "2025-02-15")
            .Fact("Revenues", "2024-01-01", "2024-09-30", 700_000_000, "c-1", filed: "2024-11-01");

        var result = SecCompanyFactsImporter.Import(file.ToStream(), "EX", Today);

        Assert.DoesNotContain(result.Companies.Single().Periods, p => p.PeriodEnd == new DateOnly(2024, 12, 31));
        var error = Assert.Single(result.Errors);
        Assert.Equal("EX periods[2024-12-31].capex", error.Where);
        Assert.Equal("must be 0 or between 1e-6 and 1e15 (money); the period is left out", error.Message);
    }

    [Fact]
    public void AFileWithoutPurchaseObligationsHasNoCommitmentAndSaysSo()
    {
        var file = new CompanyFactsJson().Fact("Revenues", "2024-01-01", "2024-03-31", 1_000_000).Fact("Revenues", "2023-01-01", "2023-12-31", 4_000_000, form: "10-K");

        var result = SecCompanyFactsImporter.Import(file.ToStream(), "EX", Today);

        Assert.Empty(result.Companies.Single().Commitments);
        Assert.Contains(new ImportIssue("commitments", "no purchase obligations by year in the file: no commitment is imported"), result.Warnings);
    }

    [Fact]
    public void TheOlderUnrecordedObligationConceptsMakeACommitmentWithTheAmountAfterYearFiveAtTheEndOfYearSix()
    {
        var file = new CompanyFactsJson()
            .Fact("Revenues", "2024-01-01", "2024-03-31", 1_000_000).Fact("Revenues", "2023-01-01", "2023-12-31", 4_000_000, form: "10-K")
            .Fact("UnrecordedUnconditionalPurchaseObligationDueWithinOneYear", null, "2023-12-31", 100_000_000, "d-1", "10-K")
            .Fact("UnrecordedUnconditionalPurchaseObligationDueWithinTwoYears", null, "2023-12-31", 60_000_000, "d-1", "10-K")
            .Fact("UnrecordedUnconditionalPurchaseObligationDueAfterFiveYears", null, "2023-12-31", 30_000_000, "d-1", "10-K")
            .Fact("UnrecordedUnconditionalPurchaseObligationBalanceSheetAmount", null, "2023-12-31", 190_000_000, "d-1", "10-K");

        var commitment = SecCompanyFactsImporter.Import(file.ToStream(), "EX", Today).Companies.Single().Commitments.Single();

        Assert.Equal("purchase-obligations-2023-12-31", commitment.Id);
        Assert.Equal<Model.DatedAmount>(
            [
                new Model.DatedAmount(new DateOnly(2024, 12, 31), 100),
                new Model.DatedAmount(new DateOnly(2025, 12, 31), 60),
                new Model.DatedAmount(new DateOnly(2029, 12, 31), 30),
            ],
            commitment.Payments);
        Assert.Contains("us-gaap UnrecordedUnconditionalPurchaseObligation by year as of 2023-12-31: 10-K d-1 filed 2024-06-01; y1 100, y2 60, after y5 30; total 190", commitment.Source);
    }
}

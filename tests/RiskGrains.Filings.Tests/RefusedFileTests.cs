using System.Text;
using RiskGrains.Filings.Sec;

namespace RiskGrains.Filings.Tests;

/// <summary>What the SEC importer will not import, and says why.</summary>
public sealed class RefusedFileTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    [Fact]
    public void AnIfrsFilerIsRefusedNamingTheTaxonomy()
    {
        var file = new CompanyFactsJson("EXAMPLE SE")
            .Fact("Revenue", "2024-01-01", "2024-12-31", 5_000_000_000, form: "20-F", taxonomy: "ifrs-full", unit: "EUR")
            .Fact("CashAndCashEquivalents", null, "2024-12-31", 900_000_000, form: "20-F", taxonomy: "ifrs-full", unit: "EUR")
            .Fact("EntityCommonStockSharesOutstanding", null, "2025-02-01", 1_000_000, taxonomy: "dei", unit: "shares");

        var refused = Assert.Throws<ImportRefusedException>(() => SecCompanyFactsImporter.Import(file.ToStream(), "EXSE", Today));

        var issue = Assert.Single(refused.Issues);
        Assert.Equal("facts", issue.Where);
        Assert.Equal(
            "the filer reports in IFRS: its facts are in the ifrs-full taxonomy (2 concepts) and none in us-gaap; the importer maps US GAAP concepts only",
            issue.Message);
        Assert.Contains("ifrs-full", refused.Message);
    }

    [Fact]
    public void AFilerReportingInAnotherCurrencyIsRefusedNamingTheCurrency()
    {
        var file = new CompanyFactsJson("EXAMPLE KK")
            .Fact("Revenues", "2024-04-01", "2024-06-30", 800_000_000_000, unit: "JPY")
            .Fact("CashAndCashEquivalentsAtCarryingValue", null, "2024-06-30", 90_000_000_000, unit: "JPY");

        var refused = Assert.Throws<ImportRefusedException>(() => SecCompanyFactsImporter.Import(file.ToStream(), "EXKK", Today));

        var issue = Assert.Single(refused.Issues);
        Assert.Equal("facts.us-gaap", issue.Where);
        Assert.StartsWith("monetary facts in JPY (CashAndCashEquivalentsAtCarryingValue, Revenues), not USD", issue.Message);
    }

    [Fact]
    public void AUsdFilerWithAForeignFaceValueOutsideTheMappingIsImported()
    {
        // A USD filer may tag a euro note's face value in EUR: no mapped concept is in EUR, so it imports.
        var file = new CompanyFactsJson()
            .Fact("Revenues", "2024-01-01", "2024-03-31", 1_000_000_000)
            .Fact("Revenues", "2023-01-01", "2023-12-31", 3_600_000_000, form: "10-K")
            .Fact("CashAndCashEquivalentsAtCarryingValue", null, "2024-03-31", 500_000_000)
            .Fact("DebtInstrumentFaceAmount", null, "2024-03-31", 750_000_000, unit: "EUR");

        var result = SecCompanyFactsImporter.Import(file.ToStream(), "EX", Today);

        var period = Assert.Single(result.Companies.Single().Periods);
        Assert.Equal(new DateOnly(2024, 3, 31), period.PeriodEnd);
        Approx.Millions(1000, period.Revenue);
        Approx.Millions(500, period.Cash);
    }

    [Fact]
    public void AFileThatIsNotCompanyFactsIsRefused()
    {
        var notJson = new MemoryStream(Encoding.UTF8.GetBytes("company,ticker\n"));
        var noFacts = new MemoryStream(Encoding.UTF8.GetBytes("{\"cik\": 1, \"entityName\": \"X\"}"));

        Assert.StartsWith("not a JSON document", Assert.Single(Assert.Throws<ImportRefusedException>(() => SecCompanyFactsImporter.Import(notJson, "X", Today)).Issues).Message);
        Assert.Equal("facts", Assert.Single(Assert.Throws<ImportRefusedException>(() => SecCompanyFactsImporter.Import(noFacts, "X", Today)).Issues).Where);
    }

    [Fact]
    public void AFactWithoutADateIsRefusedWithItsPlace()
    {
        var file = new MemoryStream(Encoding.UTF8.GetBytes(
            "{\"cik\":1,\"entityName\":\"X\",\"facts\":{\"us-gaap\":{\"Revenues\":{\"units\":{\"USD\":[{\"val\":1,\"accn\":\"a\",\"form\":\"10-Q\",\"filed\":\"2024-01-01\"}]}}}}}"));

        var refused = Assert.Throws<ImportRefusedException>(() => SecCompanyFactsImporter.Import(file, "X", Today));

        Assert.Equal(new ImportIssue("facts.us-gaap.Revenues.units.USD[0]", "has no end"), Assert.Single(refused.Issues));
    }

    [Fact]
    public void AnInvalidCompanyIdIsRejectedBeforeReading()
    {
        var file = new CompanyFactsJson().Fact("Revenues", "2024-01-01", "2024-03-31", 1);

        Assert.Throws<ArgumentException>(() => SecCompanyFactsImporter.Import(file.ToStream(), "no spaces", Today));
    }
}

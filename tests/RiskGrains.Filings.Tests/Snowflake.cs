using RiskGrains.Filings.Sec;
using RiskGrains.Model;

namespace RiskGrains.Filings.Tests;

/// <summary>
/// The real SEC companyfacts file of Snowflake Inc. (CIK 1640147, facts to the quarter ending 2025-04-30),
/// copied into data/ as EDGAR serves it, imported once for the tests that read it.
/// </summary>
internal static class Snowflake
{
    public const string FileName = "snowflake-companyfacts.json";

    /// <summary>
    /// The day the input rules judge dates against: fixed, so the tests do not change with the clock.
    /// The file's dates (2019 to 2029) are plausible on it for decades either way.
    /// </summary>
    public static readonly DateOnly Today = new(2026, 11, 30);

    private static readonly Lazy<ImportResult> Imported = new(() => SecCompanyFactsImporter.ImportFile(FilePath, "SNOW", Today));

    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "data", FileName);

    public static ImportResult Result => Imported.Value;

    public static ImportedCompany Company => Result.Companies.Single();

    public static FinancialPeriod Period(int year, int month, int day) =>
        Company.Periods.Single(p => p.PeriodEnd == new DateOnly(year, month, day));
}

using System.Text.Json;
using RiskGrains.Filings.Csv;

namespace RiskGrains.Filings.Tests;

/// <summary>The sample's source CSV (data/sample/sources/hyperscalers.csv) and the JSON built from it by hand.</summary>
internal static class SampleCsv
{
    public static readonly DateOnly Today = new(2026, 11, 30);

    private static readonly Lazy<ImportResult> Imported = new(() => LongCsvImporter.ImportFile(CsvPath, Today));

    public static string CsvPath => Path.Combine(AppContext.BaseDirectory, "data", "hyperscalers.csv");

    public static string JsonPath => Path.Combine(AppContext.BaseDirectory, "data", "hyperscalers.json");

    public static ImportResult Result => Imported.Value;

    public static ImportedCompany Company(string ticker) => Result.Companies.Single(c => c.Profile.Id == ticker);

    /// <summary>The CSV's lines, the header first, for tests that change one.</summary>
    public static List<string> Lines() => [.. File.ReadAllLines(CsvPath)];

    public static ImportResult Import(IEnumerable<string> lines) =>
        LongCsvImporter.Import(new StringReader(string.Join('\n', lines)), "test.csv", Today);

    /// <summary>The hand-built sample's company, as a JSON element (data/sample/hyperscalers.json).</summary>
    public static JsonElement SampleCompany(string ticker)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(JsonPath));
        return document.RootElement.GetProperty("companies").EnumerateArray()
            .Single(c => c.GetProperty("profile").GetProperty("id").GetString() == ticker)
            .Clone();
    }
}

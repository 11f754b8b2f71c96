using RiskGrains.Filings.Csv;
using RiskGrains.Filings.Sec;

namespace RiskGrains.Filings.Tests;

/// <summary>docs/import.md names every concept and metric the importers read, so the two cannot drift apart.</summary>
public sealed class ImportDocsTests
{
    private static readonly string Docs = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "import.md"));

    [Fact]
    public void EveryMappedConceptIsInTheMappingTable()
    {
        var table = Section("### Mapping", "### Fiscal years and quarters");
        foreach (var rule in SecConceptMap.Rules)
        {
            var row = table.Split('\n').Single(l => l.StartsWith($"| `{ModelFields.Name(rule.Field)}` |", StringComparison.Ordinal));
            Assert.All(rule.Concepts, concept => Assert.Contains($"`{concept}`", row));
        }
    }

    [Fact]
    public void EveryPurchaseObligationConceptIsListed()
    {
        Assert.All(ObligationLadder.PurchaseObligation.Concepts, c => Assert.Contains($"`{c}`", Docs));
        var prefix = ObligationLadder.Unrecorded.Name;
        Assert.Contains($"`{ObligationLadder.Unrecorded.Total}`", Docs);
        Assert.All(ObligationLadder.Unrecorded.Buckets.SelectMany(b => b), c => Assert.Contains($"`…{c[prefix.Length..]}`", Docs));
    }

    [Fact]
    public void EveryCsvMetricIsInTheMetricsTable()
    {
        var table = Section("### Metrics", "### Commitments");

        Assert.All(CsvMetrics.All, m => Assert.Contains($"`{m.Name}`", table));
    }

    private static string Section(string heading, string next)
    {
        int start = Docs.IndexOf(heading + "\n", StringComparison.Ordinal);
        return Docs[start..Docs.IndexOf(next + "\n", start, StringComparison.Ordinal)];
    }
}

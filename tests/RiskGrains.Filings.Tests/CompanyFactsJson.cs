using System.Text;
using System.Text.Json.Nodes;

namespace RiskGrains.Filings.Tests;

/// <summary>Writes small companyfacts documents in EDGAR's format, for the cases the real file does not hold.</summary>
internal sealed class CompanyFactsJson
{
    private readonly JsonObject _facts = [];
    private readonly string _name;

    public CompanyFactsJson(string name = "EXAMPLE CORP") => _name = name;

    /// <summary>Adds one fact; <paramref name="start"/> null makes an instant.</summary>
    public CompanyFactsJson Fact(
        string concept, string? start, string end, long value,
        string accession = "0000000001-24-000001", string form = "10-Q", string filed = "2024-06-01",
        string taxonomy = "us-gaap", string unit = "USD")
    {
        var byTaxonomy = (JsonObject)(_facts[taxonomy] ??= new JsonObject());
        var byConcept = (JsonObject)(byTaxonomy[concept] ??= new JsonObject { ["label"] = concept, ["units"] = new JsonObject() });
        var units = (JsonObject)byConcept["units"]!;
        var entries = (JsonArray)(units[unit] ??= new JsonArray());
        var entry = new JsonObject();
        if (start is not null)
        {
            entry["start"] = start;
        }

        entry["end"] = end;
        entry["val"] = value;
        entry["accn"] = accession;
        entry["fy"] = 2024;
        entry["fp"] = "Q1";
        entry["form"] = form;
        entry["filed"] = filed;
        entries.Add(entry);
        return this;
    }

    public Stream ToStream() => new MemoryStream(Encoding.UTF8.GetBytes(
        new JsonObject { ["cik"] = 1234567, ["entityName"] = _name, ["facts"] = _facts.DeepClone() }.ToJsonString()));
}

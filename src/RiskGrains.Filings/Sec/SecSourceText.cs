using System.Collections.Immutable;

namespace RiskGrains.Filings.Sec;

/// <summary>
/// The <c>source</c> of an imported quarter: the filing that gave most of its facts, the others with the
/// fields they gave, how flows were derived from year-to-date facts and which fields are missing, within
/// <see cref="SourceText.MaxLength"/> (docs/import.md, sources).
/// </summary>
internal static class SecSourceText
{
    public static string ForPeriod(string cik, FiscalQuarter quarter, ImmutableArray<FieldOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(quarter);
        var span = quarter.Start is { } start ? $"{start:yyyy-MM-dd} to {quarter.End:yyyy-MM-dd}" : $"to {quarter.End:yyyy-MM-dd}";
        var head = $"SEC companyfacts CIK {cik} {quarter.Label} ({span})";

        var filings = outcomes
            .SelectMany(o => o.Facts.Select(f => (Fact: f, o.Field)))
            .GroupBy(x => x.Fact.Accession)
            .Select(g => (
                g.First().Fact.Filing,
                Filed: g.First().Fact.Filed,
                Facts: g.Select(x => x.Fact).Distinct().Count(),
                Fields: g.Select(x => x.Field).Distinct().OrderBy(f => f).Select(ModelFields.Name).ToList()))
            .OrderByDescending(f => f.Facts)
            .ThenByDescending(f => f.Filed)
            .ToList();

        var derived = outcomes
            .SelectMany(o => o.Derivations.Select(d => (Derivation: d, o.Field)))
            .GroupBy(x => x.Derivation)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => ModelFields.Name(x.Field)).Distinct())}")
            .ToList();

        var missing = outcomes.Where(o => o.Value is null && !ModelFields.IsOptional(o.Field)).Select(o => ModelFields.Name(o.Field)).ToList();
        var absent = outcomes.Where(o => o.Value is null && ModelFields.IsOptional(o.Field)).Select(o => ModelFields.Name(o.Field)).ToList();

        // detail 3: everything; 2: fields only for filings that gave at most three, and the Altman inputs
        // as one; 1: the missing fields counted, not named (the warnings name them); 0: no derivations either.
        string Compose(int detail)
        {
            string Fields(List<string> fields) => detail >= 3 || (detail == 2 && fields.Count <= 3)
                ? $" ({string.Join(", ", fields)})"
                : detail == 2 ? $" ({fields.Count} fields)" : "";

            var parts = new List<string> { head + ": " + (filings.Count > 0 ? filings[0].Filing : "no filing") };
            if (filings.Count > 1)
            {
                parts.Add("also " + string.Join(", ", filings.Skip(1).Select(f => f.Filing + Fields(f.Fields))));
            }

            if (derived.Count > 0)
            {
                parts.Add(detail > 0 ? "quarter derived as " + string.Join("; ", derived) : "some flows derived from year-to-date facts");
            }

            if (missing.Count > 0)
            {
                parts.Add(detail >= 2 ? "missing, 0 used: " + string.Join(", ", missing) : $"{missing.Count} fields missing, 0 used");
            }

            if (absent.Count > 0)
            {
                parts.Add(detail >= 3 || absent.Count < 6 ? "absent: " + string.Join(", ", absent) : "Altman inputs absent");
            }

            return string.Join("; ", parts);
        }

        // Shortened step by step until it fits: the filings' accession numbers are what matter most.
        int detail = 3;
        var text = Compose(detail);
        while (text.Length > SourceText.MaxLength && detail > 0)
        {
            text = Compose(--detail);
        }

        return SourceText.Fit(text);
    }
}

using System.Globalization;
using System.Text.Json;

namespace RiskGrains.Filings.Sec;

/// <summary>
/// Reads an SEC EDGAR companyfacts document (<c>facts</c> → taxonomy → concept → <c>units</c> → unit → facts)
/// and refuses what the importer cannot map: no us-gaap facts (an IFRS filer), or money in another currency
/// than USD (docs/import.md, refused files).
/// </summary>
internal static class CompanyFactsReader
{
    public const string UsGaap = "us-gaap";
    public const string Ifrs = "ifrs-full";
    public const string Usd = "USD";

    public static CompanyFacts Read(Stream json, IReadOnlyCollection<string> concepts)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(concepts);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ImportRefusedException("file", $"not a JSON document ({e.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("facts", out var taxonomies)
                || taxonomies.ValueKind != JsonValueKind.Object)
            {
                throw new ImportRefusedException("facts", "not an SEC companyfacts document: it has no \"facts\" object");
            }

            var warnings = new List<ImportIssue>();
            var usGaap = RequireUsGaap(taxonomies, warnings);
            RefuseOtherCurrencies(usGaap, concepts);

            var facts = new List<XbrlFact>();
            foreach (var concept in concepts)
            {
                if (usGaap.TryGetProperty(concept, out var element)
                    && element.TryGetProperty("units", out var units)
                    && units.ValueKind == JsonValueKind.Object
                    && units.TryGetProperty(Usd, out var entries))
                {
                    facts.AddRange(ReadEntries(concept, entries));
                }
            }

            return new CompanyFacts(ReadCik(root), ReadName(root), new FactTable(facts), [.. warnings]);
        }
    }

    private static JsonElement RequireUsGaap(JsonElement taxonomies, List<ImportIssue> warnings)
    {
        var names = taxonomies.EnumerateObject().Select(p => p.Name).ToList();
        bool hasIfrs = taxonomies.TryGetProperty(Ifrs, out var ifrs) && ifrs.ValueKind == JsonValueKind.Object;
        if (!taxonomies.TryGetProperty(UsGaap, out var usGaap) || usGaap.ValueKind != JsonValueKind.Object)
        {
            if (hasIfrs)
            {
                throw new ImportRefusedException("facts",
                    $"the filer reports in IFRS: its facts are in the {Ifrs} taxonomy ({ifrs.EnumerateObject().Count()} concepts) " +
                    $"and none in {UsGaap}; the importer maps US GAAP concepts only");
            }

            throw new ImportRefusedException("facts",
                $"no {UsGaap} facts (taxonomies in the file: {(names.Count == 0 ? "none" : string.Join(", ", names))}); the importer maps US GAAP concepts only");
        }

        if (hasIfrs)
        {
            warnings.Add(new ImportIssue($"facts.{Ifrs}", $"the file also holds {Ifrs} facts; only the {UsGaap} facts are read"));
        }

        return usGaap;
    }

    // The model holds one currency per company and never converts (docs/risk-model.md, units); the
    // importer does not either. A per-share unit (EUR/shares) names its currency before the slash.
    private static void RefuseOtherCurrencies(JsonElement usGaap, IReadOnlyCollection<string> concepts)
    {
        var mapped = concepts.ToHashSet(StringComparer.Ordinal);
        var mappedForeign = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var anyForeign = new SortedSet<string>(StringComparer.Ordinal);
        bool mappedUsd = false;
        foreach (var concept in usGaap.EnumerateObject())
        {
            if (!concept.Value.TryGetProperty("units", out var units) || units.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            bool isMapped = mapped.Contains(concept.Name);
            foreach (var currency in units.EnumerateObject().Select(u => Currency(u.Name)).OfType<string>())
            {
                if (currency == Usd)
                {
                    mappedUsd |= isMapped;
                    continue;
                }

                anyForeign.Add(currency);
                if (isMapped)
                {
                    if (!mappedForeign.TryGetValue(currency, out var list))
                    {
                        mappedForeign[currency] = list = [];
                    }

                    list.Add(concept.Name);
                }
            }
        }

        // A USD filer may tag a foreign-currency note's face value in EUR; that is no reason to refuse it.
        // A mapped concept in another currency, or no mapped concept in USD at all, is.
        string? described = mappedForeign.Count > 0
            ? string.Join(", ", mappedForeign.Select(f => $"{f.Key} ({string.Join(", ", f.Value.Order(StringComparer.Ordinal).Take(5))}{(f.Value.Count > 5 ? ", ..." : "")})"))
            : !mappedUsd && anyForeign.Count > 0 ? string.Join(", ", anyForeign) : null;
        if (described is not null)
        {
            throw new ImportRefusedException($"facts.{UsGaap}",
                $"monetary facts in {described}, not USD; the model holds one currency per company and " +
                "the importer does not convert, so only USD filers are imported");
        }
    }

    /// <summary>The currency a unit names (<c>USD</c>, <c>EUR/shares</c>), or null for <c>shares</c>, <c>pure</c> and the like.</summary>
    internal static string? Currency(string unit)
    {
        var code = unit.Split('/')[0];
        return code.Length == 3 && code.All(char.IsAsciiLetterUpper) ? code : null;
    }

    private static IEnumerable<XbrlFact> ReadEntries(string concept, JsonElement entries)
    {
        if (entries.ValueKind != JsonValueKind.Array)
        {
            throw new ImportRefusedException($"facts.{UsGaap}.{concept}.units.{Usd}", "is not a list of facts");
        }

        int i = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            var where = $"facts.{UsGaap}.{concept}.units.{Usd}[{i++}]";
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw new ImportRefusedException(where, "is not a fact object");
            }

            DateOnly? start = entry.TryGetProperty("start", out var s) && s.ValueKind == JsonValueKind.String ? Date(s, where, "start") : null;
            var end = Date(Required(entry, "end", where), where, "end");
            var val = Required(entry, "val", where);
            if (val.ValueKind != JsonValueKind.Number || !val.TryGetDecimal(out var value))
            {
                throw new ImportRefusedException(where, "val is not a number");
            }

            yield return new XbrlFact(
                concept,
                start,
                end,
                value,
                Text(Required(entry, "accn", where), where, "accn"),
                Text(Required(entry, "form", where), where, "form"),
                Date(Required(entry, "filed", where), where, "filed"));
        }
    }

    private static JsonElement Required(JsonElement entry, string name, string where) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new ImportRefusedException(where, $"has no {name}");

    private static string Text(JsonElement element, string where, string name) =>
        element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } text
            ? text
            : throw new ImportRefusedException(where, $"{name} is not a text");

    private static DateOnly Date(JsonElement element, string where, string name) =>
        element.ValueKind == JsonValueKind.String
        && DateOnly.TryParseExact(element.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ImportRefusedException(where, $"{name} is not a date (YYYY-MM-DD)");

    private static string ReadCik(JsonElement root)
    {
        if (!root.TryGetProperty("cik", out var cik))
        {
            return "unknown";
        }

        var text = cik.ValueKind switch
        {
            JsonValueKind.Number => cik.GetRawText(),
            JsonValueKind.String => cik.GetString() ?? "",
            _ => "",
        };
        text = text.TrimStart('0');
        return text.Length > 0 && text.All(char.IsAsciiDigit) ? text : "unknown";
    }

    private static string ReadName(JsonElement root) =>
        root.TryGetProperty("entityName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()!.Trim() : "";
}

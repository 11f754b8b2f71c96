namespace RiskGrains.Filings.Sec;

/// <summary>
/// The facts of one company, one per (concept, start, end): where several filings report the same period
/// (a later 10-Q repeating a prior quarter, a 10-K/A restating), the latest filed wins (docs/import.md, restatements).
/// </summary>
internal sealed class FactTable
{
    private readonly Dictionary<(string Concept, DateOnly? Start, DateOnly End), XbrlFact> _facts = [];
    private readonly Dictionary<string, List<XbrlFact>> _byConcept = new(StringComparer.Ordinal);

    public FactTable(IEnumerable<XbrlFact> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var fact in facts)
        {
            var key = (fact.Concept, fact.Start, fact.End);
            if (!_facts.TryGetValue(key, out var held) || fact.Supersedes(held))
            {
                _facts[key] = fact;
            }
        }

        foreach (var fact in _facts.Values.OrderBy(f => f.End).ThenBy(f => f.Start))
        {
            if (!_byConcept.TryGetValue(fact.Concept, out var list))
            {
                _byConcept[fact.Concept] = list = [];
            }

            list.Add(fact);
        }
    }

    /// <summary>Every fact kept, one per (concept, period).</summary>
    public IEnumerable<XbrlFact> All => _facts.Values;

    public XbrlFact? Instant(string concept, DateOnly date) =>
        _facts.GetValueOrDefault((concept, null, date));

    public XbrlFact? Duration(string concept, DateOnly start, DateOnly end) =>
        _facts.GetValueOrDefault((concept, start, end));

    /// <summary>The concept's facts, by end date.</summary>
    public IReadOnlyList<XbrlFact> Of(string concept) =>
        _byConcept.TryGetValue(concept, out var list) ? list : [];
}

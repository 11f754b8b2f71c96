using System.Collections.Immutable;

namespace RiskGrains.Filings.Sec;

/// <summary>
/// How one model field is read from us-gaap facts: alternatives in order of preference; the first that has
/// every required and expected part wins, else the first that has its required parts (docs/import.md, mapping).
/// </summary>
/// <param name="IsFlow">A flow, turned into a quarter (<see cref="QuarterFlows"/>); else a stock, read at the quarter's end.</param>
internal sealed record ConceptRule(ModelField Field, bool IsFlow, ImmutableArray<ConceptAlternative> Alternatives)
{
    /// <summary>Every concept the rule may read, in order.</summary>
    public IEnumerable<string> Concepts => Alternatives.SelectMany(a => a.Parts).SelectMany(p => p.Concepts).Distinct();
}

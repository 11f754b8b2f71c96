using System.Collections.Immutable;

namespace RiskGrains.Filings.Sec;

/// <summary>One field of one quarter as read: its value in dollars (null when missing), the parts used and the expected parts not found.</summary>
internal sealed record FieldOutcome(ConceptRule Rule, decimal? Value, ImmutableArray<UsedPart> Used, ImmutableArray<ConceptPart> MissingParts)
{
    public ModelField Field => Rule.Field;

    /// <summary>Every fact the value was computed from.</summary>
    public IEnumerable<XbrlFact> Facts => Used.SelectMany(u => u.Value.Terms).Select(t => t.Fact);

    /// <summary>How the quarter was derived from year-to-date facts (<c>9M - H1</c>), one per distinct derivation; empty when reported as such.</summary>
    public IEnumerable<string> Derivations => Used.Select(u => u.Value.Derivation).Where(d => d.Length > 0).Distinct();
}

using System.Collections.Immutable;

namespace RiskGrains.Filings.Sec;

/// <summary>One way to compute a field: the sum of its parts.</summary>
internal sealed record ConceptAlternative(ImmutableArray<ConceptPart> Parts);

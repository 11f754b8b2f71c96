using System.Collections.Immutable;

namespace RiskGrains.Filings.Sec;

/// <summary>One term of a field: the first of <paramref name="Concepts"/> that has a value, added or subtracted.</summary>
/// <param name="Name">As warnings name it: "depreciation and amortization".</param>
/// <param name="Concepts">us-gaap concepts, in order of preference.</param>
/// <param name="Sign">+1 to add, −1 to subtract.</param>
internal sealed record ConceptPart(string Name, ImmutableArray<string> Concepts, PartRole Role, int Sign = 1);

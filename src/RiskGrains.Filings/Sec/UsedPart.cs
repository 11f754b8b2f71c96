namespace RiskGrains.Filings.Sec;

/// <summary>A part of a field as found: the concept that gave it and its value for the quarter.</summary>
internal sealed record UsedPart(ConceptPart Part, string Concept, FactValue Value);

namespace RiskGrains.Filings.Sec;

/// <summary>One fact in a derived value, added (+1) or subtracted (−1), with its span's name (Q1, H1, 9M, FY).</summary>
internal readonly record struct SignedFact(XbrlFact Fact, int Sign, string Label);

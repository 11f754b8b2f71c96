namespace RiskGrains.Model;

/// <summary>One component of the credit-stress score (docs/risk-model.md §3).</summary>
public readonly record struct ComponentScore(string Component, double? Input, double Points, double Weight, double Contribution);

namespace RiskGrains.Model;

/// <summary>A metric reported as absent, and why (docs/risk-model.md §2: "not meaningful").</summary>
public readonly record struct NotMeaningful(string Metric, string Reason);

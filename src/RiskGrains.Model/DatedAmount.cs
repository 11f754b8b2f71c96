namespace RiskGrains.Model;

/// <summary>An amount of money falling due on a calendar date.</summary>
public readonly record struct DatedAmount(DateOnly Date, double Amount);

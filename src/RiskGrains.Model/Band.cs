namespace RiskGrains.Model;

/// <summary>The band of a credit-stress score (docs/risk-model.md §3): below 20 LOW, 40 MODERATE, 60 ELEVATED, 80 HIGH, else SEVERE.</summary>
public enum Band
{
    Low = 1,
    Moderate = 2,
    Elevated = 3,
    High = 4,
    Severe = 5,
}

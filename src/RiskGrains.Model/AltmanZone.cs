namespace RiskGrains.Model;

/// <summary>The zone of Altman Z'' (docs/risk-model.md §2.4); None when the score is absent.</summary>
public enum AltmanZone
{
    None = 0,
    Safe = 1,
    Grey = 2,
    Distress = 3,
}

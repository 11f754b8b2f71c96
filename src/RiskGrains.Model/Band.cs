namespace RiskGrains.Model;

public enum Band
{
    Low = 1,
    Moderate = 2,
    Elevated = 3,
    High = 4,
    Severe = 5,
}

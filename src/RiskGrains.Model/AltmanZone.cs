namespace RiskGrains.Model;

public enum AltmanZone
{
    None = 0,
    Safe = 1,
    Grey = 2,
    Distress = 3,
}

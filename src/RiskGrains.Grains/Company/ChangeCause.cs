namespace RiskGrains.Grains;

/// <summary>Which kind of write produced a version.</summary>
public enum ChangeCause
{
    Snapshot = 1,
    Profile = 2,
    Financials = 3,
    Restatement = 4,
    Commitment = 5,
    Market = 6,
    Contagion = 7,
    Dependencies = 8,
}

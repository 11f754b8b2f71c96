namespace RiskGrains.Model;

public enum CommitmentKind
{
    Other = 0,
    Chips = 1,
    DataCenter = 2,
    LeaseNotCommenced = 3,
    Power = 4,
}

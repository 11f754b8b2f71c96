namespace RiskGrains.Model;

/// <summary>What a capex commitment pays for (docs/risk-model.md §1).</summary>
public enum CommitmentKind
{
    Other = 0,
    Chips = 1,
    DataCenter = 2,
    LeaseNotCommenced = 3,
    Power = 4,
}

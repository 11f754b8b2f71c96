namespace RiskGrains.Model;

/// <summary>
/// What one revenue dependency transmits now (docs/risk-model.md §6): the counterparty's live score
/// (absent when it does not exist or has none yet: then it transmits nothing), the stress it
/// transmits, w = clamp((score − 40) / 40, 0, 1), and the contribution to the haircut, share × w.
/// </summary>
public readonly record struct DependencyContribution(string CounterpartyId, double RevenueShare, double? CounterpartyScore, double Transmitted, double Contribution)
{
    /// <summary>The flag of a dependency whose counterparty does not exist or has no score.</summary>
    public const string CounterpartyUnknown = "counterparty_unknown";

    public bool IsCounterpartyUnknown => CounterpartyScore is null;
}

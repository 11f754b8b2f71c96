namespace RiskGrains.Model;

/// <summary>
/// A share of a company's revenue that rests on another company, its counterparty (docs/risk-model.md
/// §6): a cloud provider's backlog on one AI lab's contract, say. <see cref="RevenueShare"/> in (0, 1].
/// </summary>
public sealed record RevenueDependency(string CounterpartyId, double RevenueShare, string Source);

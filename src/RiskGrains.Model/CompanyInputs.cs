using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>Everything the model reads for one company.</summary>
/// <param name="Periods">The rolling window, any order; the model sorts by period end.</param>
/// <param name="Dependencies">docs/risk-model.md §6: what each revenue dependency transmits now; none by default.</param>
public sealed record CompanyInputs(
    ImmutableArray<FinancialPeriod> Periods,
    ImmutableArray<Commitment> Commitments,
    MarketState? Market,
    ImmutableArray<DependencyContribution> Dependencies = default);

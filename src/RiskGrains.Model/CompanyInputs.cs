using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>Everything the model reads for one company.</summary>
/// <param name="Periods">The rolling window, any order; the model sorts by period end.</param>
/// <param name="Dependencies">docs/risk-model.md §6: what each revenue dependency transmits now; none by default.</param>
public sealed record CompanyInputs(
    ImmutableArray<FinancialPeriod> Periods,
    ImmutableArray<Commitment> Commitments,
    MarketState? Market,
    ImmutableArray<DependencyContribution> Dependencies = default)
{
    private readonly ImmutableArray<DependencyContribution> _dependencies = Dependencies.IsDefault ? [] : Dependencies;

    // Never the default instance: inputs travel between silos as JSON, which cannot write one.
    public ImmutableArray<DependencyContribution> Dependencies
    {
        get => _dependencies;
        init => _dependencies = value.IsDefault ? [] : value;
    }
}

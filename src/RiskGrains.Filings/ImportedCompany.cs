using System.Collections.Immutable;
using RiskGrains.Model;

namespace RiskGrains.Filings;

/// <summary>One company's inputs as read from a file (docs/risk-model.md §1), each period and commitment valid under <see cref="InputRules"/>.</summary>
/// <param name="Periods">Sorted by period end, oldest first.</param>
public sealed record ImportedCompany(
    CompanyProfile Profile,
    ImmutableArray<FinancialPeriod> Periods,
    ImmutableArray<Commitment> Commitments);

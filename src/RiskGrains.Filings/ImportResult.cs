using System.Collections.Immutable;

namespace RiskGrains.Filings;

/// <summary>
/// What an import produced. <see cref="Errors"/> lists the periods and commitments the model's input rules
/// refused, each by its field; they are left out of <see cref="Companies"/>, which holds only valid inputs.
/// <see cref="Warnings"/> lists what is missing or assumed (docs/import.md).
/// </summary>
public sealed record ImportResult(
    ImmutableArray<ImportedCompany> Companies,
    ImmutableArray<ImportIssue> Warnings,
    ImmutableArray<ImportIssue> Errors);

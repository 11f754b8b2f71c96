using System.Collections.Immutable;
using RiskGrains.Model;

namespace RiskGrains.Filings;

/// <summary>
/// Holds every produced period and commitment to the model's input rules (docs/risk-model.md §1): what passes
/// is kept, what fails is left out and reported, each offending field by its path.
/// </summary>
internal static class InputsValidator
{
    public static ImmutableArray<FinancialPeriod> ValidPeriods(
        IEnumerable<FinancialPeriod> periods, string companyId, DateOnly today, List<ImportIssue> errors)
    {
        var kept = ImmutableArray.CreateBuilder<FinancialPeriod>();
        foreach (var period in periods.OrderBy(p => p.PeriodEnd))
        {
            var path = $"{companyId} periods[{period.PeriodEnd:yyyy-MM-dd}]";
            var problems = InputRules.ValidatePeriod(period, path, today).ToList();
            if (problems.Count == 0)
            {
                kept.Add(period);
            }
            else
            {
                errors.AddRange(problems.Select(p => new ImportIssue(p.Field, p.Message + "; the period is left out")));
            }
        }

        return kept.ToImmutable();
    }

    public static ImmutableArray<Commitment> ValidCommitments(
        IEnumerable<Commitment> commitments, string companyId, DateOnly today, List<ImportIssue> errors)
    {
        var kept = ImmutableArray.CreateBuilder<Commitment>();
        foreach (var commitment in commitments)
        {
            var path = $"{companyId} commitments[{commitment.Id}]";
            var problems = InputRules.ValidateCommitment(commitment, path, today).ToList();
            if (problems.Count == 0)
            {
                kept.Add(commitment);
            }
            else
            {
                errors.AddRange(problems.Select(p => new ImportIssue(p.Field, p.Message + "; the commitment is left out")));
            }
        }

        return kept.ToImmutable();
    }

    public static bool ValidProfile(CompanyProfile profile, List<ImportIssue> errors)
    {
        var problems = InputRules.ValidateProfile(profile, "profile").ToList();
        errors.AddRange(problems.Select(p => new ImportIssue(p.Field, p.Message)));
        return problems.Count == 0;
    }
}

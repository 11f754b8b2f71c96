namespace RiskGrains.Model;

/// <summary>The rules of a company's revenue dependencies (docs/risk-model.md §6), each offending field named under <c>path</c>.</summary>
public static class DependencyRules
{
    public static IEnumerable<FieldError> Validate(string companyId, IReadOnlyList<RevenueDependency> dependencies, string path)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        var errors = new List<FieldError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        double total = 0;
        for (int i = 0; i < dependencies.Count; i++)
        {
            var dependency = dependencies[i];
            var at = $"{path}[{i}]";
            if (!InputRules.IsValidCompanyId(dependency.CounterpartyId))
            {
                errors.Add(new FieldError(InputRules.Join(at, "counterparty_id"), $"must be 1 to {InputRules.MaxIdLength} characters of A-Z a-z 0-9 . _ -"));
            }
            else if (string.Equals(dependency.CounterpartyId, companyId, StringComparison.Ordinal))
            {
                errors.Add(new FieldError(InputRules.Join(at, "counterparty_id"), "must not be the company itself"));
            }
            else if (!seen.Add(dependency.CounterpartyId))
            {
                errors.Add(new FieldError(InputRules.Join(at, "counterparty_id"), "appears twice: one dependency per counterparty"));
            }

            if (!(dependency.RevenueShare > 0 && dependency.RevenueShare <= 1))
            {
                errors.Add(new FieldError(InputRules.Join(at, "revenue_share"), "must be above 0 and at most 1 (a fraction of revenue)"));
            }
            else
            {
                total += dependency.RevenueShare;
            }

            if (!InputRules.IsPlainText(dependency.Source))
            {
                errors.Add(new FieldError(InputRules.Join(at, "source"), "must be plain text (no control characters)"));
            }
        }

        if (total > 1 + 1e-12)
        {
            errors.Add(new FieldError(path, $"revenue shares must add up to at most 1 (they add up to {total:0.####})"));
        }

        return errors;
    }
}

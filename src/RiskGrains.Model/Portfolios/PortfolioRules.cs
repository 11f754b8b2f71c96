namespace RiskGrains.Model;

/// <summary>The input rules of a portfolio (docs/risk-model.md §7), each offending field named under <c>path</c>.</summary>
public static class PortfolioRules
{
    public static IEnumerable<FieldError> Validate(Portfolio portfolio, string path)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        var errors = new List<FieldError>();
        if (!InputRules.IsValidCompanyId(portfolio.Id))
        {
            errors.Add(new FieldError(InputRules.Join(path, "portfolio_id"), $"must be 1 to {InputRules.MaxIdLength} characters of A-Z a-z 0-9 . _ -"));
        }

        if (!InputRules.IsPlainText(portfolio.Name))
        {
            errors.Add(new FieldError(InputRules.Join(path, "name"), InputRules.PlainTextRule));
        }

        if (portfolio.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper))
        {
            errors.Add(new FieldError(InputRules.Join(path, "currency"), "must be an ISO 4217 code of three upper-case letters"));
        }

        if (portfolio.AssetCorrelation is { } rho && !(rho > 0 && rho < 1))
        {
            errors.Add(new FieldError(InputRules.Join(path, "asset_correlation"), "must be between 0 and 1, both excluded"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < portfolio.Positions.Length; i++)
        {
            var position = portfolio.Positions[i];
            var at = InputRules.Join(path, $"positions[{i}]");
            if (!InputRules.IsValidCompanyId(position.CompanyId))
            {
                errors.Add(new FieldError(InputRules.Join(at, "company_id"), $"must be 1 to {InputRules.MaxIdLength} characters of A-Z a-z 0-9 . _ -"));
            }
            else if (!seen.Add(position.CompanyId))
            {
                errors.Add(new FieldError(InputRules.Join(at, "company_id"), "appears twice in one portfolio"));
            }

            NumberRule.MoneyNonNegative.Check(errors, at, "exposure", position.Exposure);
            if (!(position.Lgd > 0 && position.Lgd <= 1))
            {
                errors.Add(new FieldError(InputRules.Join(at, "lgd"), "must be above 0 and at most 1 (unset means 0.45)"));
            }
        }

        return errors;
    }
}

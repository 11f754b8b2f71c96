namespace RiskGrains.Model;

/// <summary>
/// The input rules of docs/risk-model.md §1 as pure functions. Each returns every offending field of its
/// argument, prefixed with <c>path</c>; no errors means the input is valid.
/// </summary>
public static class InputRules
{
    public const int MaxIdLength = 64;

    /// <summary>docs/risk-model.md §1: a tick's market capitalisation.</summary>
    public static readonly NumberRule MarketCap = NumberRule.Positive;

    /// <summary>docs/risk-model.md §1: annualised equity volatility, a fraction (0.25 is 25 %).</summary>
    public static readonly NumberRule EquityVolatility = NumberRule.Positive;

    /// <summary>docs/risk-model.md §1: the risk-free rate, a fraction.</summary>
    public static readonly NumberRule RiskFreeRate = NumberRule.Finite;

    /// <summary>docs/risk-model.md §1: the optional one-year equity return (drift), a fraction.</summary>
    public static readonly NumberRule EquityReturn1Y = NumberRule.Finite;

    /// <summary>Company id: 1–64 characters of <c>A–Z a–z 0–9 . _ -</c> (docs/risk-model.md §1).</summary>
    public static IEnumerable<FieldError> ValidateCompanyId(string? id, string path)
    {
        if (!IsValidCompanyId(id))
        {
            yield return new FieldError(path, $"must be 1 to {MaxIdLength} characters of A-Z a-z 0-9 . _ -");
        }
    }

    /// <summary>True when <paramref name="id"/> is a well-formed company id (docs/risk-model.md §1).</summary>
    public static bool IsValidCompanyId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return false;
        }

        foreach (char ch in id)
        {
            if (!(char.IsAsciiLetterOrDigit(ch) || ch == '.' || ch == '_' || ch == '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Profile: a valid id and an ISO 4217 currency code (three upper-case letters).</summary>
    public static IEnumerable<FieldError> ValidateProfile(CompanyProfile profile, string path)
    {
        ArgumentNullException.ThrowIfNull(profile);
        foreach (var e in ValidateCompanyId(profile.Id, Join(path, "id")))
        {
            yield return e;
        }

        string? currency = profile.Currency;
        if (currency is null || currency.Length != 3 || !char.IsAsciiLetterUpper(currency[0])
            || !char.IsAsciiLetterUpper(currency[1]) || !char.IsAsciiLetterUpper(currency[2]))
        {
            yield return new FieldError(Join(path, "currency"), "must be an ISO 4217 code of three upper-case letters");
        }
    }

    /// <summary>One financial period (docs/risk-model.md §1): stocks >= 0, flows finite, outflows >= 0.</summary>
    public static IEnumerable<FieldError> ValidatePeriod(FinancialPeriod period, string path)
    {
        ArgumentNullException.ThrowIfNull(period);
        var errors = new List<FieldError>();

        if (period.PeriodMonths is < 1 or > 12)
        {
            errors.Add(new FieldError(Join(path, "period_months"), "must be between 1 and 12"));
        }

        NonNegative(errors, path, "cash", period.Cash);
        NonNegative(errors, path, "short_term_investments", period.ShortTermInvestments);
        NonNegative(errors, path, "short_term_debt", period.ShortTermDebt);
        NonNegative(errors, path, "long_term_debt", period.LongTermDebt);
        NonNegative(errors, path, "operating_lease_liabilities", period.OperatingLeaseLiabilities);
        NonNegative(errors, path, "finance_lease_liabilities", period.FinanceLeaseLiabilities);
        NonNegative(errors, path, "undrawn_credit_facilities", period.UndrawnCreditFacilities);

        NonNegative(errors, path, "revenue", period.Revenue);
        Finite(errors, path, "ebitda", period.Ebitda);
        Finite(errors, path, "operating_cash_flow", period.OperatingCashFlow);
        NonNegative(errors, path, "capex", period.Capex);
        NonNegative(errors, path, "interest_expense", period.InterestExpense);
        NonNegative(errors, path, "shareholder_returns", period.ShareholderReturns);

        if (!period.DebtMaturities.IsDefault)
        {
            for (int i = 0; i < period.DebtMaturities.Length; i++)
            {
                Positive(errors, path, $"debt_maturities[{i}].amount", period.DebtMaturities[i].Amount);
            }
        }

        // docs/risk-model.md §2.4: total assets and total liabilities are denominators of Z''.
        if (period.TotalAssets is { } ta)
        {
            Positive(errors, path, "total_assets", ta);
        }

        if (period.TotalLiabilities is { } tl)
        {
            Positive(errors, path, "total_liabilities", tl);
        }

        if (period.CurrentAssets is { } ca)
        {
            NonNegative(errors, path, "current_assets", ca);
        }

        if (period.CurrentLiabilities is { } cl)
        {
            NonNegative(errors, path, "current_liabilities", cl);
        }

        if (period.RetainedEarnings is { } re)
        {
            Finite(errors, path, "retained_earnings", re);
        }

        if (period.Ebit is { } ebit)
        {
            Finite(errors, path, "ebit", ebit);
        }

        return errors;
    }

    /// <summary>One capex commitment (docs/risk-model.md §1).</summary>
    public static IEnumerable<FieldError> ValidateCommitment(Commitment commitment, string path)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var errors = new List<FieldError>();

        if (string.IsNullOrWhiteSpace(commitment.Id))
        {
            errors.Add(new FieldError(Join(path, "commitment_id"), "must not be empty"));
        }

        if (!Enum.IsDefined(commitment.Kind))
        {
            errors.Add(new FieldError(Join(path, "kind"), "must be one of CHIPS, DATA_CENTER, LEASE_NOT_COMMENCED, POWER, OTHER"));
        }

        if (!commitment.Payments.IsDefault)
        {
            for (int i = 0; i < commitment.Payments.Length; i++)
            {
                Positive(errors, path, $"payments[{i}].amount", commitment.Payments[i].Amount);
            }
        }

        Fraction(errors, path, "cancellation_penalty", commitment.CancellationPenalty);
        NonNegative(errors, path, "sunk", commitment.Sunk);
        Fraction(errors, path, "salvage_fraction", commitment.SalvageFraction);
        return errors;
    }

    /// <summary>One market tick (docs/risk-model.md §1).</summary>
    public static IEnumerable<FieldError> ValidateMarket(MarketState market, string path)
    {
        ArgumentNullException.ThrowIfNull(market);
        var errors = new List<FieldError>();
        MarketCap.Check(errors, path, "market_cap", market.MarketCap);
        EquityVolatility.Check(errors, path, "equity_volatility", market.EquityVolatility);
        RiskFreeRate.Check(errors, path, "risk_free_rate", market.RiskFreeRate);
        if (market.EquityReturn1Y is { } mu)
        {
            EquityReturn1Y.Check(errors, path, "equity_return_1y", mu);
        }

        return errors;
    }

    /// <summary>
    /// True when a tick's numbers keep the rules that <see cref="ValidateMarket"/> names: the same
    /// rules, tested without allocating, for the market-data hot path.
    /// </summary>
    public static bool IsValidMarket(double marketCap, double equityVolatility, double riskFreeRate, double? equityReturn1Y) =>
        MarketCap.Holds(marketCap)
        && EquityVolatility.Holds(equityVolatility)
        && RiskFreeRate.Holds(riskFreeRate)
        && (equityReturn1Y is not { } mu || EquityReturn1Y.Holds(mu));

    /// <summary>
    /// Everything the model reads for one company: <c>periods[i]</c>, <c>commitments[i]</c> and <c>market</c>,
    /// plus <c>commitments[i].commitment_id</c> when an id is repeated.
    /// </summary>
    public static IEnumerable<FieldError> ValidateInputs(CompanyInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var errors = new List<FieldError>();
        var periods = inputs.Periods.IsDefault ? [] : inputs.Periods;
        for (int i = 0; i < periods.Length; i++)
        {
            errors.AddRange(ValidatePeriod(periods[i], $"periods[{i}]"));
        }

        var commitments = inputs.Commitments.IsDefault ? [] : inputs.Commitments;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < commitments.Length; i++)
        {
            string path = $"commitments[{i}]";
            errors.AddRange(ValidateCommitment(commitments[i], path));
            if (!string.IsNullOrWhiteSpace(commitments[i].Id) && !ids.Add(commitments[i].Id))
            {
                errors.Add(new FieldError(Join(path, "commitment_id"), "must be unique"));
            }
        }

        if (inputs.Market is { } market)
        {
            errors.AddRange(ValidateMarket(market, "market"));
        }

        return errors;
    }

    /// <summary>Scenario shocks (docs/risk-model.md §4); the same rules as <see cref="ScenarioShocks.Validate"/>.</summary>
    public static IEnumerable<FieldError> ValidateShocks(ScenarioShocks shocks, string path)
    {
        ArgumentNullException.ThrowIfNull(shocks);
        return shocks.Validate(path);
    }

    /// <summary>Model settings: a positive window and haircuts within 0..1 (docs/risk-model.md §2.1, §4).</summary>
    public static IEnumerable<FieldError> ValidateParameters(ModelParameters parameters, string path)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var errors = new List<FieldError>();
        if (parameters.WindowQuarters < 1)
        {
            errors.Add(new FieldError(Join(path, "window_quarters"), "must be >= 1"));
        }

        Fraction(errors, path, "ocf_haircut", parameters.OcfHaircut);
        Fraction(errors, path, "ebitda_haircut", parameters.EbitdaHaircut);
        return errors;
    }

    /// <summary><c>path.field</c>, or <c>field</c> at the top level.</summary>
    public static string Join(string path, string field) =>
        string.IsNullOrEmpty(path) ? field : path + "." + field;

    internal static void NonNegative(List<FieldError> errors, string path, string field, double value) =>
        NumberRule.NonNegative.Check(errors, path, field, value);

    internal static void Positive(List<FieldError> errors, string path, string field, double value) =>
        NumberRule.Positive.Check(errors, path, field, value);

    internal static void Finite(List<FieldError> errors, string path, string field, double value) =>
        NumberRule.Finite.Check(errors, path, field, value);

    internal static void Fraction(List<FieldError> errors, string path, string field, double value) =>
        NumberRule.Fraction.Check(errors, path, field, value);
}

namespace RiskGrains.Model;

/// <summary>
/// The input rules of docs/risk-model.md §1 as pure functions. Each returns every offending field of its
/// argument, prefixed with <c>path</c>; no errors means the input is valid.
/// </summary>
public static class InputRules
{
    public const int MaxIdLength = 64;

    /// <summary>A period may end at most this many years after today (docs/risk-model.md §1).</summary>
    public const int PeriodEndYearsAhead = 1;

    /// <summary>A period may end at most this many years before today.</summary>
    public const int PeriodEndYearsBack = 100;

    /// <summary>Payment and maturity dates lie within this many years of today, either side.</summary>
    public const int ScheduleYears = 100;

    /// <summary>What free text breaks when it is not <see cref="IsPlainText"/>; a portfolio's name is held to it too.</summary>
    public const string PlainTextRule = "must not hold control characters (U+0000 to U+001F, U+007F to U+009F), line or paragraph separators or unpaired surrogates";

    /// <summary>docs/risk-model.md §1: a tick's market capitalisation, money.</summary>
    public static readonly NumberRule MarketCap = NumberRule.MoneyPositive;

    /// <summary>
    /// docs/risk-model.md §1: annualised equity volatility, a fraction (0.25 is 25 %). A volatility of
    /// 1e-300 made a distance to default of 2.5e300; one of 32 is a percent sent as a fraction.
    /// </summary>
    public static readonly NumberRule EquityVolatility =
        new(0.001, 5, MinExclusive: false, "must be an annual fraction between 0.001 and 5: 0.32 for 32 %, not 32");

    /// <summary>docs/risk-model.md §1: the risk-free rate, an annual fraction (4.3 is a percent sent as a fraction).</summary>
    public static readonly NumberRule RiskFreeRate =
        new(-0.1, 1, MinExclusive: false, "must be an annual fraction between -0.1 and 1: 0.043 for 4.3 %, not 4.3");

    /// <summary>docs/risk-model.md §1: the optional one-year equity return (drift), an annual fraction.</summary>
    public static readonly NumberRule EquityReturn1Y =
        new(-1, 3, MinExclusive: false, "must be an annual fraction between -1 and 3: 0.12 for 12 %, not 12");

    private static readonly string IdRule = $"must be 1 to {MaxIdLength} characters of A-Z a-z 0-9 . _ -";

    /// <summary>Company id: 1–64 characters of <c>A–Z a–z 0–9 . _ -</c> (docs/risk-model.md §1).</summary>
    public static IEnumerable<FieldError> ValidateCompanyId(string? id, string path)
    {
        if (!IsValidCompanyId(id))
        {
            yield return new FieldError(path, IdRule);
        }
    }

    /// <summary>A commitment id, or any other id: the rule of company ids (docs/risk-model.md §1).</summary>
    public static IEnumerable<FieldError> ValidateId(string? id, string path) => ValidateCompanyId(id, path);

    /// <summary>True when <paramref name="id"/> is a well-formed company id (docs/risk-model.md §1).</summary>
    public static bool IsValidCompanyId(string? id) => IsValidId(id);

    /// <summary>
    /// True when <paramref name="id"/> is a well-formed id: 1–64 characters of <c>A–Z a–z 0–9 . _ -</c>.
    /// Company ids and commitment ids follow the same rule.
    /// </summary>
    public static bool IsValidId(string? id)
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

    /// <summary>
    /// True when <paramref name="text"/> holds no control character (NUL, line breaks, U+007F to U+009F),
    /// no line or paragraph separator and no unpaired surrogate: free text that prints on one line as
    /// it was sent, in a log as in a client.
    /// </summary>
    public static bool IsPlainText(string? text)
    {
        if (text is null)
        {
            return true;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (char.IsControl(ch) || ch is '\u2028' or '\u2029')
            {
                return false;
            }

            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(ch))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The earliest and latest <c>period_end</c> plausible on <paramref name="today"/>: at most
    /// <see cref="PeriodEndYearsAhead"/> year after it and <see cref="PeriodEndYearsBack"/> years before.
    /// A period ending in 9999 would be t0 for good, and a scenario adding months to it would overflow.
    /// </summary>
    public static (DateOnly Earliest, DateOnly Latest) PeriodEndRange(DateOnly today) =>
        (AddYears(today, -PeriodEndYearsBack), AddYears(today, PeriodEndYearsAhead));

    /// <summary>True when a period ending on <paramref name="periodEnd"/> is plausible on <paramref name="today"/> (<see cref="PeriodEndRange"/>).</summary>
    public static bool IsPlausiblePeriodEnd(DateOnly periodEnd, DateOnly today)
    {
        var (earliest, latest) = PeriodEndRange(today);
        return periodEnd >= earliest && periodEnd <= latest;
    }

    /// <summary>The earliest and latest payment or maturity date plausible on <paramref name="today"/>: within <see cref="ScheduleYears"/> years.</summary>
    public static (DateOnly Earliest, DateOnly Latest) ScheduleDateRange(DateOnly today) =>
        (AddYears(today, -ScheduleYears), AddYears(today, ScheduleYears));

    /// <summary>True when a payment or maturity dated <paramref name="date"/> is plausible on <paramref name="today"/> (<see cref="ScheduleDateRange"/>).</summary>
    public static bool IsPlausibleScheduleDate(DateOnly date, DateOnly today)
    {
        var (earliest, latest) = ScheduleDateRange(today);
        return date >= earliest && date <= latest;
    }

    /// <summary>
    /// True when a tick stamped <paramref name="asOf"/> is not later than <paramref name="now"/> plus
    /// <paramref name="maxClockSkew"/>. A tick stamped in the future holds off every real tick until
    /// its time has passed, since a tick not newer than the held one is ignored.
    /// </summary>
    public static bool IsPlausibleAsOf(DateTimeOffset asOf, DateTimeOffset now, TimeSpan maxClockSkew) =>
        asOf <= (now > DateTimeOffset.MaxValue - maxClockSkew ? DateTimeOffset.MaxValue : now + maxClockSkew);

    /// <summary>Profile: a valid id, an ISO 4217 currency code (three upper-case letters), name and sector plain text.</summary>
    public static IEnumerable<FieldError> ValidateProfile(CompanyProfile profile, string path)
    {
        ArgumentNullException.ThrowIfNull(profile);
        foreach (var e in ValidateCompanyId(profile.Id, Join(path, "id")))
        {
            yield return e;
        }

        if (!IsPlainText(profile.Name))
        {
            yield return new FieldError(Join(path, "name"), PlainTextRule);
        }

        if (!IsPlainText(profile.Sector))
        {
            yield return new FieldError(Join(path, "sector"), PlainTextRule);
        }

        string? currency = profile.Currency;
        if (currency is null || currency.Length != 3 || !char.IsAsciiLetterUpper(currency[0])
            || !char.IsAsciiLetterUpper(currency[1]) || !char.IsAsciiLetterUpper(currency[2]))
        {
            yield return new FieldError(Join(path, "currency"), "must be an ISO 4217 code of three upper-case letters");
        }
    }

    /// <summary>
    /// One financial period (docs/risk-model.md §1): money within <see cref="NumberRule.MaxMoney"/>, stocks and
    /// outflows >= 0, the end and the maturities within plausible ranges of <paramref name="today"/>.
    /// </summary>
    public static IEnumerable<FieldError> ValidatePeriod(FinancialPeriod period, string path, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(period);
        var errors = new List<FieldError>();

        if (!IsPlausiblePeriodEnd(period.PeriodEnd, today))
        {
            errors.Add(new FieldError(Join(path, "period_end"), PeriodEndMessage(today)));
        }

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
                ScheduleDate(errors, path, $"debt_maturities[{i}].maturity_date", period.DebtMaturities[i].Date, today);
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

        PlainText(errors, path, "source", period.Source);
        return errors;
    }

    /// <summary>One capex commitment (docs/risk-model.md §1); payment dates within plausible ranges of <paramref name="today"/>.</summary>
    public static IEnumerable<FieldError> ValidateCommitment(Commitment commitment, string path, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var errors = new List<FieldError>();

        if (!IsValidId(commitment.Id))
        {
            errors.Add(new FieldError(Join(path, "commitment_id"), IdRule));
        }

        PlainText(errors, path, "counterparty", commitment.Counterparty);

        if (!Enum.IsDefined(commitment.Kind))
        {
            errors.Add(new FieldError(Join(path, "kind"), "must be one of CHIPS, DATA_CENTER, LEASE_NOT_COMMENCED, POWER, OTHER"));
        }

        if (!commitment.Payments.IsDefault)
        {
            for (int i = 0; i < commitment.Payments.Length; i++)
            {
                ScheduleDate(errors, path, $"payments[{i}].due_date", commitment.Payments[i].Date, today);
                Positive(errors, path, $"payments[{i}].amount", commitment.Payments[i].Amount);
            }
        }

        Fraction(errors, path, "cancellation_penalty", commitment.CancellationPenalty);
        NonNegative(errors, path, "sunk", commitment.Sunk);
        Fraction(errors, path, "salvage_fraction", commitment.SalvageFraction);
        PlainText(errors, path, "source", commitment.Source);
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
    public static IEnumerable<FieldError> ValidateInputs(CompanyInputs inputs, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var errors = new List<FieldError>();
        var periods = inputs.Periods.IsDefault ? [] : inputs.Periods;
        for (int i = 0; i < periods.Length; i++)
        {
            errors.AddRange(ValidatePeriod(periods[i], $"periods[{i}]", today));
        }

        var commitments = inputs.Commitments.IsDefault ? [] : inputs.Commitments;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < commitments.Length; i++)
        {
            string path = $"commitments[{i}]";
            errors.AddRange(ValidateCommitment(commitments[i], path, today));
            if (IsValidId(commitments[i].Id) && !ids.Add(commitments[i].Id))
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

    // Every money amount of the model: bounded, so that no sum, ratio or runway path can overflow.
    private static void NonNegative(List<FieldError> errors, string path, string field, double value) =>
        NumberRule.MoneyNonNegative.Check(errors, path, field, value);

    private static void Positive(List<FieldError> errors, string path, string field, double value) =>
        NumberRule.MoneyPositive.Check(errors, path, field, value);

    private static void Finite(List<FieldError> errors, string path, string field, double value) =>
        NumberRule.Money.Check(errors, path, field, value);

    internal static void Fraction(List<FieldError> errors, string path, string field, double value) =>
        NumberRule.Fraction.Check(errors, path, field, value);

    private static void PlainText(List<FieldError> errors, string path, string field, string? text)
    {
        if (!IsPlainText(text))
        {
            errors.Add(new FieldError(Join(path, field), PlainTextRule));
        }
    }

    private static void ScheduleDate(List<FieldError> errors, string path, string field, DateOnly date, DateOnly today)
    {
        if (!IsPlausibleScheduleDate(date, today))
        {
            var (earliest, latest) = ScheduleDateRange(today);
            errors.Add(new FieldError(Join(path, field), $"must be between {earliest:yyyy-MM-dd} and {latest:yyyy-MM-dd}, within {ScheduleYears} years of today"));
        }
    }

    private static string PeriodEndMessage(DateOnly today)
    {
        var (earliest, latest) = PeriodEndRange(today);
        return $"must be between {earliest:yyyy-MM-dd} and {latest:yyyy-MM-dd}: at most {PeriodEndYearsAhead} year after today and {PeriodEndYearsBack} years before it";
    }

    // Never throws: a date near either end of the calendar is clamped to it.
    private static DateOnly AddYears(DateOnly date, int years)
    {
        if (years > 0 && date.Year > DateOnly.MaxValue.Year - years)
        {
            return DateOnly.MaxValue;
        }

        return years < 0 && date.Year <= -years ? DateOnly.MinValue : date.AddYears(years);
    }
}

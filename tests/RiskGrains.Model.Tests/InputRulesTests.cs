using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class InputRulesTests
{
    private static FinancialPeriod FullPeriod() => BaseQuarter(T0) with
    {
        DebtMaturities = [new DatedAmount(new DateOnly(2027, 1, 15), 50)],
        TotalAssets = 1000,
        TotalLiabilities = 600,
        CurrentAssets = 300,
        CurrentLiabilities = 200,
        RetainedEarnings = -150,
        Ebit = -20,
    };

    [Fact]
    public void Valid_inputs_give_no_errors()
    {
        Assert.Empty(InputRules.ValidatePeriod(FullPeriod(), "periods[0]", Today));
        Assert.Empty(InputRules.ValidatePeriod(BaseQuarter(T0) with { Ebitda = -5, OperatingCashFlow = -9 }, "periods[0]", Today));
        Assert.Empty(InputRules.ValidateCommitment(CommitmentA(), "commitment", Today));
        Assert.Empty(InputRules.ValidateCommitment(CommitmentB(), "commitment", Today));
        Assert.Empty(InputRules.ValidateMarket(Market(rate: -0.005, drift: -0.4), "market"));
        Assert.Empty(InputRules.ValidateCompanyId("MSFT", "company_id"));
        Assert.Empty(InputRules.ValidateCompanyId("brk.b_class-A.2025", "company_id"));
        Assert.Empty(InputRules.ValidateCompanyId(new string('x', 64), "company_id"));
        Assert.Empty(InputRules.ValidateProfile(new CompanyProfile("MSFT", "Microsoft", "Software", "USD"), "company"));
        Assert.Empty(InputRules.ValidateParameters(ModelParameters.Default, "parameters"));
    }

    public static TheoryData<FinancialPeriod, string> InvalidPeriods => new()
    {
        { BaseQuarter(T0) with { PeriodMonths = 0 }, "periods[2].period_months" },
        { BaseQuarter(T0) with { PeriodMonths = 13 }, "periods[2].period_months" },
        { BaseQuarter(T0) with { Cash = -1 }, "periods[2].cash" },
        { BaseQuarter(T0) with { Cash = double.PositiveInfinity }, "periods[2].cash" },
        { BaseQuarter(T0) with { ShortTermInvestments = double.NaN }, "periods[2].short_term_investments" },
        { BaseQuarter(T0) with { ShortTermDebt = -0.01 }, "periods[2].short_term_debt" },
        { BaseQuarter(T0) with { LongTermDebt = -5 }, "periods[2].long_term_debt" },
        { BaseQuarter(T0) with { OperatingLeaseLiabilities = -5 }, "periods[2].operating_lease_liabilities" },
        { BaseQuarter(T0) with { FinanceLeaseLiabilities = -5 }, "periods[2].finance_lease_liabilities" },
        { BaseQuarter(T0) with { UndrawnCreditFacilities = -5 }, "periods[2].undrawn_credit_facilities" },
        { BaseQuarter(T0) with { Revenue = -1 }, "periods[2].revenue" },
        { BaseQuarter(T0) with { Ebitda = double.NaN }, "periods[2].ebitda" },
        { BaseQuarter(T0) with { OperatingCashFlow = double.NegativeInfinity }, "periods[2].operating_cash_flow" },
        { BaseQuarter(T0) with { Capex = -1 }, "periods[2].capex" },
        { BaseQuarter(T0) with { InterestExpense = -1 }, "periods[2].interest_expense" },
        { BaseQuarter(T0) with { ShareholderReturns = -1 }, "periods[2].shareholder_returns" },
        { FullPeriod() with { DebtMaturities = [new DatedAmount(T0, 5), new DatedAmount(T0, 0)] }, "periods[2].debt_maturities[1].amount" },
        { FullPeriod() with { TotalAssets = 0 }, "periods[2].total_assets" },
        { FullPeriod() with { TotalLiabilities = -1 }, "periods[2].total_liabilities" },
        { FullPeriod() with { CurrentAssets = -1 }, "periods[2].current_assets" },
        { FullPeriod() with { CurrentLiabilities = double.NaN }, "periods[2].current_liabilities" },
        { FullPeriod() with { RetainedEarnings = double.NaN }, "periods[2].retained_earnings" },
        { FullPeriod() with { Ebit = double.PositiveInfinity }, "periods[2].ebit" },
        { BaseQuarter(T0) with { Cash = 5e-324 }, "periods[2].cash" },
        { BaseQuarter(T0) with { LongTermDebt = 1e308 }, "periods[2].long_term_debt" },
        { BaseQuarter(T0) with { Ebitda = -2e15 }, "periods[2].ebitda" },
        { BaseQuarter(T0) with { OperatingCashFlow = 1e-9 }, "periods[2].operating_cash_flow" },
        { BaseQuarter(new DateOnly(9999, 12, 31)), "periods[2].period_end" },
        { BaseQuarter(Today.AddYears(1).AddDays(1)), "periods[2].period_end" },
        { BaseQuarter(Today.AddYears(-100).AddDays(-1)), "periods[2].period_end" },
        { FullPeriod() with { DebtMaturities = [new DatedAmount(Today.AddYears(100).AddDays(1), 5)] }, "periods[2].debt_maturities[0].maturity_date" },
        { FullPeriod() with { DebtMaturities = [new DatedAmount(new DateOnly(1, 1, 1), 5)] }, "periods[2].debt_maturities[0].maturity_date" },
        { FullPeriod() with { Source = "10-K\0page 3" }, "periods[2].source" },
    };

    [Fact]
    public void Money_at_its_bounds_and_dates_at_theirs_are_valid()
    {
        var period = BaseQuarter(Today.AddYears(1)) with
        {
            Cash = 1e15,
            ShortTermDebt = 1e-6,
            Ebitda = -1e15,
            OperatingCashFlow = 0,
            DebtMaturities = [new DatedAmount(Today.AddYears(100), 1e15), new DatedAmount(Today.AddYears(-100), 1e-6)],
            Source = "10-K, p. 42 – “Contractual obligations” 📄",
        };

        Assert.Empty(InputRules.ValidatePeriod(period, "periods[0]", Today));
        Assert.Empty(InputRules.ValidatePeriod(BaseQuarter(Today.AddYears(-100)), "periods[0]", Today));
    }

    [Fact]
    public void A_money_amount_out_of_range_names_the_bound()
    {
        var payment = CommitmentA() with { Payments = [Pay(2026, 1, 1, 1e308)] };

        var error = Assert.Single(InputRules.ValidateCommitment(payment, "commitment", Today));

        Assert.Equal(new FieldError("commitment.payments[0].amount", "must be between 1e-6 and 1e15 (money)"), error);
    }

    [Fact]
    public void A_period_ending_past_its_range_names_the_range_around_today()
    {
        var error = Assert.Single(InputRules.ValidatePeriod(BaseQuarter(new DateOnly(9999, 12, 31)), "periods[0]", Today));

        Assert.Equal(
            new FieldError("periods[0].period_end", "must be between 1926-01-15 and 2027-01-15: at most 1 year after today and 100 years before it"),
            error);
    }

    [Fact]
    public void The_plausible_dates_never_throw_at_the_ends_of_the_calendar()
    {
        Assert.False(InputRules.IsPlausiblePeriodEnd(DateOnly.MinValue, DateOnly.MaxValue));
        Assert.True(InputRules.IsPlausiblePeriodEnd(DateOnly.MaxValue, DateOnly.MaxValue));
        Assert.True(InputRules.IsPlausibleScheduleDate(DateOnly.MinValue, DateOnly.MinValue));
        Assert.True(InputRules.IsPlausibleAsOf(DateTimeOffset.MaxValue, DateTimeOffset.MaxValue, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_tick_may_be_stamped_at_most_the_clock_skew_after_now()
    {
        var now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
        var skew = TimeSpan.FromMinutes(5);

        Assert.True(InputRules.IsPlausibleAsOf(now.AddMinutes(5), now, skew));
        Assert.True(InputRules.IsPlausibleAsOf(new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero), now, skew));
        Assert.False(InputRules.IsPlausibleAsOf(now.AddMinutes(5).AddTicks(1), now, skew));
        Assert.False(InputRules.IsPlausibleAsOf(new DateTimeOffset(3000, 1, 1, 0, 0, 0, TimeSpan.Zero), now, skew));
    }

    [Theory]
    [MemberData(nameof(InvalidPeriods))]
    public void An_invalid_period_field_is_reported_with_its_path(FinancialPeriod period, string field)
    {
        var errors = InputRules.ValidatePeriod(period, "periods[2]", Today).ToList();

        Assert.Equal([field], errors.Select(e => e.Field));
        Assert.False(string.IsNullOrWhiteSpace(errors[0].Message));
    }

    [Fact]
    public void Every_offending_field_of_a_period_is_reported()
    {
        var period = BaseQuarter(T0) with { Cash = -1, Capex = -2, PeriodMonths = 0 };

        var errors = InputRules.ValidatePeriod(period, "periods[0]", Today);

        Assert.Equal(["periods[0].period_months", "periods[0].cash", "periods[0].capex"], errors.Select(e => e.Field));
    }

    public static TheoryData<Commitment, string> InvalidCommitments => new()
    {
        { CommitmentA() with { Id = "" }, "commitment.commitment_id" },
        { CommitmentA() with { Kind = (CommitmentKind)42 }, "commitment.kind" },
        { CommitmentA() with { Payments = [Pay(2026, 1, 1, 5), Pay(2026, 2, 1, 5), Pay(2026, 3, 1, 0)] }, "commitment.payments[2].amount" },
        { CommitmentA() with { Payments = [Pay(2026, 1, 1, -5)] }, "commitment.payments[0].amount" },
        { CommitmentA() with { Payments = [Pay(2026, 1, 1, double.NaN)] }, "commitment.payments[0].amount" },
        { CommitmentA() with { CancellationPenalty = 1.5 }, "commitment.cancellation_penalty" },
        { CommitmentA() with { CancellationPenalty = -0.1 }, "commitment.cancellation_penalty" },
        { CommitmentA() with { Sunk = -1 }, "commitment.sunk" },
        { CommitmentA() with { Sunk = double.PositiveInfinity }, "commitment.sunk" },
        { CommitmentA() with { SalvageFraction = 1.01 }, "commitment.salvage_fraction" },
        { CommitmentA() with { SalvageFraction = double.NaN }, "commitment.salvage_fraction" },
        { CommitmentA() with { Id = new string('c', 10_000) }, "commitment.commitment_id" },
        { CommitmentA() with { Id = "dc 1" }, "commitment.commitment_id" },
        { CommitmentA() with { Id = "dc\0" }, "commitment.commitment_id" },
        { CommitmentA() with { Counterparty = "Build\u0007Co" }, "commitment.counterparty" },
        { CommitmentA() with { Source = "line one\nline two" }, "commitment.source" },
        { CommitmentA() with { Payments = [Pay(2026, 1, 1, 1e308)] }, "commitment.payments[0].amount" },
        { CommitmentA() with { Payments = [new DatedAmount(new DateOnly(9999, 12, 31), 5)] }, "commitment.payments[0].due_date" },
        { CommitmentA() with { Sunk = 2e15 }, "commitment.sunk" },
    };

    [Theory]
    [MemberData(nameof(InvalidCommitments))]
    public void An_invalid_commitment_field_is_reported_with_its_path(Commitment commitment, string field)
    {
        Assert.Equal([field], InputRules.ValidateCommitment(commitment, "commitment", Today).Select(e => e.Field));
    }

    public static TheoryData<MarketState, string> InvalidMarkets => new()
    {
        { Market(marketCap: 0), "market.market_cap" },
        { Market(marketCap: double.PositiveInfinity), "market.market_cap" },
        { Market(volatility: 0), "market.equity_volatility" },
        { Market(volatility: -0.2), "market.equity_volatility" },
        { Market(rate: double.NaN), "market.risk_free_rate" },
        { Market(drift: double.NegativeInfinity), "market.equity_return_1y" },
        { Market(marketCap: 1e308), "market.market_cap" },
        { Market(marketCap: 1e-300), "market.market_cap" },
        { Market(volatility: 1e-300), "market.equity_volatility" },
        { Market(volatility: 32), "market.equity_volatility" },
        { Market(rate: 1e308), "market.risk_free_rate" },
        { Market(rate: 4.3), "market.risk_free_rate" },
        { Market(drift: 12), "market.equity_return_1y" },
    };

    [Fact]
    public void Volatility_and_rates_sent_as_percents_are_refused_saying_they_are_fractions()
    {
        var errors = InputRules.ValidateMarket(Market(volatility: 32, rate: 4.3), "market_data");

        Assert.Equal(
            [
                new FieldError("market_data.equity_volatility", "must be an annual fraction between 0.001 and 5: 0.32 for 32 %, not 32"),
                new FieldError("market_data.risk_free_rate", "must be an annual fraction between -0.1 and 1: 0.043 for 4.3 %, not 4.3"),
            ],
            errors);
        Assert.False(InputRules.IsValidMarket(1000, 32, 0.043, null));
        Assert.False(InputRules.IsValidMarket(1000, 0.32, 4.3, null));
        Assert.True(InputRules.IsValidMarket(1e15, 5, -0.1, 3));
        Assert.True(InputRules.IsValidMarket(1e-6, 0.001, 1, -1));
    }

    [Theory]
    [InlineData("Acme\0Corp", "company.name")]
    [InlineData("Acme\r\nCorp", "company.name")]
    [InlineData("Acme\u2028Corp", "company.name")]
    public void Free_text_with_control_characters_or_broken_surrogates_is_rejected(string name, string field)
    {
        var profile = new CompanyProfile("ACME", name, "Software\u0085", "USD");

        Assert.Equal([field, "company.sector"], InputRules.ValidateProfile(profile, "company").Select(e => e.Field));
    }

    [Fact]
    public void Free_text_in_any_script_with_emoji_is_plain_text()
    {
        Assert.True(InputRules.IsPlainText("Société Générale – 株式会社 🚀 Ελλάδα"));
        Assert.True(InputRules.IsPlainText(""));
        Assert.False(InputRules.IsPlainText("tab\there"));
        Assert.False(InputRules.IsPlainText("\udc00"));

        // Built in code: an attribute argument cannot carry a lone surrogate.
        Assert.False(InputRules.IsPlainText("Acme" + '\ud800' + "Corp"));
    }

    [Theory]
    [MemberData(nameof(InvalidMarkets))]
    public void An_invalid_market_field_is_reported_with_its_path(MarketState market, string field)
    {
        Assert.Equal([field], InputRules.ValidateMarket(market, "market").Select(e => e.Field));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("has space")]
    [InlineData("slash/id")]
    [InlineData("ümlaut")]
    [InlineData("semi;colon")]
    public void A_malformed_company_id_is_rejected(string? id)
    {
        Assert.Equal(["company_id"], InputRules.ValidateCompanyId(id, "company_id").Select(e => e.Field));
        Assert.False(InputRules.IsValidCompanyId(id));
    }

    [Fact]
    public void A_company_id_longer_than_64_characters_is_rejected()
    {
        Assert.Single(InputRules.ValidateCompanyId(new string('a', 65), "company_id"));
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("")]
    public void A_profile_currency_must_be_an_iso_4217_code(string currency)
    {
        var profile = new CompanyProfile("MSFT", "Microsoft", "Software", currency);

        Assert.Equal(["company.currency"], InputRules.ValidateProfile(profile, "company").Select(e => e.Field));
    }

    [Fact]
    public void Model_parameters_outside_their_ranges_are_rejected()
    {
        var parameters = new ModelParameters { WindowQuarters = 0, OcfHaircut = 1.5, EbitdaHaircut = -1 };

        Assert.Equal(
            ["window_quarters", "ocf_haircut", "ebitda_haircut"],
            InputRules.ValidateParameters(parameters, "").Select(e => e.Field));
    }

    [Fact]
    public void Whole_inputs_report_each_field_by_its_position()
    {
        var inputs = new CompanyInputs(
            [BaseQuarter(T0.AddMonths(-3)), BaseQuarter(T0) with { Capex = -1 }],
            [CommitmentA(), CommitmentB() with { Id = "dc-1", Sunk = -2 }],
            Market(volatility: 0));

        var errors = InputRules.ValidateInputs(inputs, Today);

        Assert.Equal(
            ["periods[1].capex", "commitments[1].sunk", "commitments[1].commitment_id", "market.equity_volatility"],
            errors.Select(e => e.Field));
    }

    [Fact]
    public void Valid_whole_inputs_give_no_errors()
    {
        Assert.Empty(InputRules.ValidateInputs(Stressed(), Today));
        Assert.Empty(InputRules.ValidateInputs(Inputs(BaseQuarters(), Market(), CommitmentA(), CommitmentB()), Today));
    }

    [Fact]
    public void Scenario_shocks_are_validated_under_their_path()
    {
        var errors = InputRules.ValidateShocks(new ScenarioShocks { VolatilityMultiplier = 0 }, "shocks");

        Assert.Equal(["shocks.volatility_multiplier"], errors.Select(e => e.Field));
    }
}

using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class ScenarioTests
{
    [Fact]
    public void Credit_freeze_preset_closes_the_window_and_shocks_spread_equity_volatility_and_ocf()
    {
        var s = ScenarioShocks.Preset("credit-freeze");

        Assert.Equal(
            new ScenarioShocks
            {
                CreditWindowClosed = true,
                SpreadShockBps = 300,
                EquityShock = -0.30,
                VolatilityMultiplier = 1.5,
                OcfHaircut = 0.20,
            },
            s);
    }

    [Fact]
    public void Ai_revenue_delay_and_rate_shock_presets_carry_their_shocks()
    {
        var delay = ScenarioShocks.Preset("ai-revenue-delay");
        var rates = ScenarioShocks.Preset("rate-shock");

        Assert.Equal(new ScenarioShocks { OcfHaircut = 0.35, EbitdaHaircut = 0.25, EquityShock = -0.40, VolatilityMultiplier = 1.6 }, delay);
        Assert.Equal(new ScenarioShocks { RateShockBps = 200, SpreadShockBps = 100 }, rates);
        Assert.Equal(["credit-freeze", "ai-revenue-delay", "rate-shock"], ScenarioShocks.PresetNames.ToArray());
    }

    [Fact]
    public void An_unknown_preset_is_an_argument_error()
    {
        var e = Assert.Throws<ArgumentException>(() => ScenarioShocks.Preset("meteor"));

        Assert.Equal("name", e.ParamName);
    }

    [Fact]
    public void Credit_freeze_raises_the_score_of_a_leveraged_cash_poor_company()
    {
        var inputs = Stressed();
        var live = RiskModel.Evaluate(inputs, ModelParameters.Default);

        var s = RiskModel.EvaluateScenario(inputs, ModelParameters.Default, ScenarioShocks.Preset("credit-freeze"));

        // Δi = 60 × 300 bp = 1.8; sources = liquidity 50 + (30 - 1.8) × 0.8, no undrawn facilities.
        Assert.Equal(26.8, s.InterestExpenseTtm!.Value, 12);
        Assert.Equal(28.2, s.OperatingCashFlowTtm!.Value, 12);
        Assert.Equal(50 + (28.2 * 0.8), s.Sources12M!.Value, 12);
        Assert.Equal(50, s.RunwayCash[0]);
        Assert.Equal(DistanceToDefault.Naive(140, 0.9, 290, 0.02), s.CommitmentAdjustedDistanceToDefault!.Value, 12);
        Assert.True(s.Score > live.Score + 10, $"scenario {s.Score} vs live {live.Score}");
        Assert.Equal(Band.Severe, s.Band);
    }

    [Fact]
    public void Rate_shock_moves_a_defaulted_drift_with_the_rate()
    {
        var inputs = Stressed() with { Market = Market(200, 0.6, 0.04, drift: null) };

        var s = RiskModel.EvaluateScenario(inputs, ModelParameters.Default, ScenarioShocks.Preset("rate-shock"));

        Assert.Equal(DistanceToDefault.Naive(200, 0.6, 210, 0.06), s.DistanceToDefault!.Value, 12);
        Assert.Equal(DistanceToDefault.Merton(200, 0.6, 210, 0.06, 0.06).DistanceToDefault!.Value, s.Merton!.DistanceToDefault!.Value, 12);
        Assert.Equal(25 + 1.8, s.InterestExpenseTtm!.Value, 12);
        Assert.Equal(30 - 1.8, s.OperatingCashFlowTtm!.Value, 12);
    }

    [Fact]
    public void Rate_shock_keeps_an_explicit_drift()
    {
        var s = RiskModel.EvaluateScenario(Stressed(), ModelParameters.Default, ScenarioShocks.Preset("rate-shock"));

        Assert.Equal(DistanceToDefault.Naive(200, 0.6, 210, 0.02), s.DistanceToDefault!.Value, 12);
        Assert.Equal(DistanceToDefault.Merton(200, 0.6, 210, 0.06, 0.02).DistanceToDefault!.Value, s.Merton!.DistanceToDefault!.Value, 12);
    }

    [Fact]
    public void Commitment_acceleration_pulls_later_payments_to_month_6()
    {
        var shocks = new ScenarioShocks { CommitmentAcceleration = 0.5 };

        var s = RiskModel.EvaluateScenario(Stressed(), ModelParameters.Default, shocks);

        // Half of the 100 due in month 20 moves to t0 + 6 months.
        Assert.Equal(130, s.CommitmentsRemaining);
        Assert.Equal(80, s.Committed12M);
        Assert.Equal(210 + 80 + (0.5 * 50), s.CommitmentAdjustedDefaultPoint);
        Assert.Equal(70 - (6 * 2.5) - 30 - 50, s.RunwayCash[6], 9);
        Assert.Equal(5, s.RunwayMonths);
    }

    [Fact]
    public void Ebitda_haircut_combines_with_the_haircut_already_in_the_parameters()
    {
        var parameters = ModelParameters.Default with { EbitdaHaircut = 0.2 };

        var s = RiskModel.EvaluateScenario(Stressed(), parameters, new ScenarioShocks { EbitdaHaircut = 0.25 });

        Assert.Equal(100 * 0.8 * 0.75, s.EbitdaTtm!.Value, 12);
        Assert.Equal(440 / 60.0, s.CommitmentAdjustedLeverage!.Value, 12);
    }

    [Fact]
    public void No_shock_gives_the_live_assessment()
    {
        var inputs = Stressed();

        var live = RiskModel.Evaluate(inputs, ModelParameters.Default);
        var s = RiskModel.EvaluateScenario(inputs, ModelParameters.Default, ScenarioShocks.None);

        Assert.Equal(live.Score, s.Score);
        Assert.Equal(live.RunwayCash.ToArray(), s.RunwayCash.ToArray());
        Assert.Equal(live.Flags.ToArray(), s.Flags.ToArray());
        Assert.Equal(live.Merton, s.Merton);
    }

    [Fact]
    public void Scenarios_leave_the_live_inputs_unchanged()
    {
        var inputs = Stressed();
        var market = inputs.Market;
        var period = inputs.Periods[0];
        var payments = inputs.Commitments[0].Payments;
        var shocks = ScenarioShocks.Preset("credit-freeze") with { CommitmentAcceleration = 1, RateShockBps = 150 };

        _ = RiskModel.EvaluateScenario(inputs, ModelParameters.Default, shocks);

        Assert.Same(market, inputs.Market);
        Assert.Equal(Market(200, 0.6, 0.04, 0.02), inputs.Market);
        Assert.Same(period, inputs.Periods[0]);
        Assert.Equal(30, period.OperatingCashFlow);
        Assert.Equal(25, period.InterestExpense);
        Assert.Equal([Pay(2025, 9, 15, 30), Pay(2027, 2, 15, 100)], inputs.Commitments[0].Payments.ToArray());
        Assert.Equal(payments, inputs.Commitments[0].Payments);
        Assert.Equal(ModelParameters.Default, new ModelParameters());
    }

    [Fact]
    public void A_scenario_on_a_company_without_periods_reports_no_score()
    {
        var s = RiskModel.EvaluateScenario(new CompanyInputs([], [], Market()), ModelParameters.Default, ScenarioShocks.Preset("rate-shock"));

        Assert.Null(s.Score);
        Assert.Equal([RiskFlags.NoFinancialPeriods], s.Flags.ToArray());
    }

    public static TheoryData<ScenarioShocks, string> InvalidShocks => new()
    {
        { new ScenarioShocks { EquityShock = -0.995 }, "equity_shock" },
        { new ScenarioShocks { EquityShock = double.NaN }, "equity_shock" },
        { new ScenarioShocks { VolatilityMultiplier = 0 }, "volatility_multiplier" },
        { new ScenarioShocks { VolatilityMultiplier = -1 }, "volatility_multiplier" },
        { new ScenarioShocks { RateShockBps = double.PositiveInfinity }, "rate_shock_bps" },
        { new ScenarioShocks { SpreadShockBps = double.NaN }, "spread_shock_bps" },
        { new ScenarioShocks { OcfHaircut = 1.01 }, "ocf_haircut" },
        { new ScenarioShocks { OcfHaircut = -0.1 }, "ocf_haircut" },
        { new ScenarioShocks { EbitdaHaircut = 2 }, "ebitda_haircut" },
        { new ScenarioShocks { CommitmentAcceleration = 1.5 }, "commitment_acceleration" },
        { new ScenarioShocks { CommitmentAcceleration = -0.5 }, "commitment_acceleration" },
        { new ScenarioShocks { RateShockBps = 1e308 }, "rate_shock_bps" },
        { new ScenarioShocks { RateShockBps = 10_001 }, "rate_shock_bps" },
        { new ScenarioShocks { SpreadShockBps = -10_001 }, "spread_shock_bps" },
        { new ScenarioShocks { EquityShock = 10.5 }, "equity_shock" },
        { new ScenarioShocks { VolatilityMultiplier = 0.05 }, "volatility_multiplier" },
        { new ScenarioShocks { VolatilityMultiplier = 1e300 }, "volatility_multiplier" },
    };

    [Theory]
    [MemberData(nameof(InvalidShocks))]
    public void Invalid_shocks_are_rejected_with_their_field(ScenarioShocks shocks, string field)
    {
        Assert.Equal([field], shocks.Validate().Select(e => e.Field));
        Assert.Equal(["scenario." + field], shocks.Validate("scenario").Select(e => e.Field));
        var e = Assert.Throws<ArgumentException>(() => RiskModel.EvaluateScenario(Stressed(), ModelParameters.Default, shocks));
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Boundary_shocks_are_valid()
    {
        var shocks = new ScenarioShocks
        {
            EquityShock = -0.99,
            VolatilityMultiplier = 0.1,
            RateShockBps = -10_000,
            SpreadShockBps = 10_000,
            OcfHaircut = 1,
            EbitdaHaircut = 0,
            CommitmentAcceleration = 1,
        };

        Assert.Empty(shocks.Validate());
        Assert.Empty(new ScenarioShocks { EquityShock = 10, VolatilityMultiplier = 10, RateShockBps = 10_000 }.Validate());
        Assert.Empty(ScenarioShocks.Preset("credit-freeze").Validate());
        Assert.NotNull(RiskModel.EvaluateScenario(Stressed(), ModelParameters.Default, shocks).Score);
    }

    [Fact]
    public void A_shock_out_of_range_names_its_bound()
    {
        var errors = new ScenarioShocks { RateShockBps = 1e308 }.Validate("shocks");

        Assert.Equal([new FieldError("shocks.rate_shock_bps", "must be between -10000 and 10000 basis points")], errors);
    }

    [Fact]
    public void Accelerating_the_commitments_of_a_company_whose_t0_is_the_last_day_of_the_calendar_does_not_throw()
    {
        // A t0 of 9999-12-31 could be stored before period ends were checked; t0 + 12 months does not exist.
        var t0 = DateOnly.MaxValue;
        var commitment = CommitmentA() with { Payments = [new DatedAmount(t0, 40), new DatedAmount(t0.AddDays(-1), 10)] };
        var inputs = Inputs(BaseQuarter(t0), Market(), commitment);

        var stressed = RiskModel.EvaluateScenario(inputs, ModelParameters.Default, new ScenarioShocks { CommitmentAcceleration = 1 });

        Assert.Equal(50, stressed.Committed12M);
        Assert.Equal(stressed.Score, RiskModel.Evaluate(inputs, ModelParameters.Default).Score);
    }
}

using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace RiskGrains.Model;

/// <summary>A set of shocks applied to a copy of a company's state (docs/risk-model.md §4). Defaults change nothing.</summary>
public sealed record ScenarioShocks
{
    public const string CreditFreeze = "credit-freeze";
    public const string AiRevenueDelay = "ai-revenue-delay";
    public const string RateShock = "rate-shock";

    /// <summary>The named presets of docs/risk-model.md §4.</summary>
    public static ImmutableArray<string> PresetNames { get; } = [CreditFreeze, AiRevenueDelay, RateShock];

    /// <summary>No shock at all: the scenario equals the base case.</summary>
    public static ScenarioShocks None { get; } = new();

    /// <summary>Market cap × (1 + s), s >= -0.99.</summary>
    public double EquityShock { get; init; }

    /// <summary>Equity volatility × k, k > 0.</summary>
    public double VolatilityMultiplier { get; init; } = 1.0;

    public double RateShockBps { get; init; }
    public double SpreadShockBps { get; init; }
    public double OcfHaircut { get; init; }
    public double EbitdaHaircut { get; init; }
    public bool CreditWindowClosed { get; init; }

    /// <summary>Fraction of every payment due after month 12 that moves to t0 + 6 months.</summary>
    public double CommitmentAcceleration { get; init; }

    /// <summary>A named preset of docs/risk-model.md §4 (<c>credit-freeze</c>, <c>ai-revenue-delay</c>, <c>rate-shock</c>).</summary>
    /// <exception cref="ArgumentException">The name is not a preset.</exception>
    public static ScenarioShocks Preset(string name) => name switch
    {
        CreditFreeze => new ScenarioShocks
        {
            CreditWindowClosed = true,
            SpreadShockBps = 300,
            EquityShock = -0.30,
            VolatilityMultiplier = 1.5,
            OcfHaircut = 0.20,
        },
        AiRevenueDelay => new ScenarioShocks
        {
            OcfHaircut = 0.35,
            EbitdaHaircut = 0.25,
            EquityShock = -0.40,
            VolatilityMultiplier = 1.6,
        },
        RateShock => new ScenarioShocks
        {
            RateShockBps = 200,
            SpreadShockBps = 100,
        },
        _ => throw new ArgumentException(
            $"unknown scenario preset '{name}'; expected one of {string.Join(", ", PresetNames)}", nameof(name)),
    };

    /// <summary>The field-level errors of these shocks (docs/risk-model.md §4), paths prefixed with <paramref name="path"/>.</summary>
    public IEnumerable<FieldError> Validate(string path = "")
    {
        var errors = new List<FieldError>();
        if (!(double.IsFinite(EquityShock) && EquityShock >= -0.99))
        {
            errors.Add(new FieldError(InputRules.Join(path, "equity_shock"), "must be finite and >= -0.99"));
        }

        InputRules.Positive(errors, path, "volatility_multiplier", VolatilityMultiplier);
        InputRules.Finite(errors, path, "rate_shock_bps", RateShockBps);
        InputRules.Finite(errors, path, "spread_shock_bps", SpreadShockBps);
        InputRules.Fraction(errors, path, "ocf_haircut", OcfHaircut);
        InputRules.Fraction(errors, path, "ebitda_haircut", EbitdaHaircut);
        InputRules.Fraction(errors, path, "commitment_acceleration", CommitmentAcceleration);
        return errors;
    }
}

public static partial class RiskModel
{
    /// <summary>
    /// Evaluates a scenario (docs/risk-model.md §4): the shocks are applied to a copy of the inputs, which are
    /// left unchanged. Haircuts and the credit window combine with those already in
    /// <paramref name="parameters"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The shocks are invalid (see <see cref="ScenarioShocks.Validate"/>).</exception>
    public static RiskAssessment EvaluateScenario(CompanyInputs inputs, ModelParameters parameters, ScenarioShocks shocks)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(shocks);
        var errors = shocks.Validate();
        if (errors.Any())
        {
            throw new ArgumentException(
                "invalid scenario shocks: " + string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")),
                nameof(shocks));
        }

        var market = Shock(inputs.Market, shocks);
        var shockedParameters = parameters with
        {
            OcfHaircut = 1.0 - ((1.0 - parameters.OcfHaircut) * (1.0 - shocks.OcfHaircut)),
            EbitdaHaircut = 1.0 - ((1.0 - parameters.EbitdaHaircut) * (1.0 - shocks.EbitdaHaircut)),
            CreditWindowClosed = parameters.CreditWindowClosed || shocks.CreditWindowClosed,
        };

        if (!Fundamentals.TryCompute(inputs.Periods, out var fundamentals))
        {
            return WithoutFinancials(inputs.Commitments.IsDefault ? 0 : inputs.Commitments.Length, market is not null);
        }

        // Refinancing the short-term debt at the shocked cost (docs/risk-model.md §4).
        double extraInterest = fundamentals.Newest.ShortTermDebt * (shocks.RateShockBps + shocks.SpreadShockBps) / 1e4;
        fundamentals.InterestExpenseTtm += extraInterest;
        fundamentals.OperatingCashFlowTtm -= extraInterest;

        var commitments = Accelerate(inputs.Commitments, fundamentals.T0, shocks.CommitmentAcceleration);
        PreparedFundamentals.Prepare(in fundamentals, commitments, shockedParameters, out var prepared);
        return prepared.Assess(market);
    }

    private static MarketState? Shock(MarketState? market, ScenarioShocks shocks)
    {
        if (market is null)
        {
            return null;
        }

        // A drift that defaulted to the rate stays absent, so it follows the shocked rate.
        return market with
        {
            MarketCap = market.MarketCap * (1.0 + shocks.EquityShock),
            EquityVolatility = market.EquityVolatility * shocks.VolatilityMultiplier,
            RiskFreeRate = market.RiskFreeRate + (shocks.RateShockBps / 1e4),
        };
    }

    private static ImmutableArray<Commitment> Accelerate(ImmutableArray<Commitment> commitments, DateOnly t0, double fraction)
    {
        if (fraction <= 0 || commitments.IsDefaultOrEmpty)
        {
            return commitments;
        }

        var horizon = t0.AddMonths(12);
        var pulledTo = t0.AddMonths(6);
        var result = new Commitment[commitments.Length];
        for (int i = 0; i < commitments.Length; i++)
        {
            var c = commitments[i];
            if (c.Payments.IsDefaultOrEmpty)
            {
                result[i] = c;
                continue;
            }

            var payments = ImmutableArray.CreateBuilder<DatedAmount>(c.Payments.Length * 2);
            foreach (var payment in c.Payments)
            {
                if (payment.Date <= horizon)
                {
                    payments.Add(payment);
                    continue;
                }

                payments.Add(new DatedAmount(pulledTo, payment.Amount * fraction));
                if (fraction < 1)
                {
                    payments.Add(payment with { Amount = payment.Amount * (1.0 - fraction) });
                }
            }

            result[i] = c with { Payments = payments.ToImmutable() };
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(result);
    }
}

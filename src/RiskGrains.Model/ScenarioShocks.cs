using System.Collections.Immutable;

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

    /// <summary>Rate and spread shocks lie within this many basis points either way (±100 %).</summary>
    public const double MaxShockBps = 10_000;

    private static readonly NumberRule EquityShockRule = new(-0.99, 10, MinExclusive: false, "must be between -0.99 and 10");
    private static readonly NumberRule VolatilityMultiplierRule = new(0.1, 10, MinExclusive: false, "must be between 0.1 and 10");
    private static readonly NumberRule BpsRule = new(-MaxShockBps, MaxShockBps, MinExclusive: false, "must be between -10000 and 10000 basis points");

    /// <summary>
    /// The field-level errors of these shocks (docs/risk-model.md §4), paths prefixed with <paramref name="path"/>.
    /// The bounds keep every stressed input within what the model computes finitely: a shock of 1e308
    /// basis points was once taken as given.
    /// </summary>
    public IEnumerable<FieldError> Validate(string path = "")
    {
        var errors = new List<FieldError>();
        EquityShockRule.Check(errors, path, "equity_shock", EquityShock);
        VolatilityMultiplierRule.Check(errors, path, "volatility_multiplier", VolatilityMultiplier);
        BpsRule.Check(errors, path, "rate_shock_bps", RateShockBps);
        BpsRule.Check(errors, path, "spread_shock_bps", SpreadShockBps);
        InputRules.Fraction(errors, path, "ocf_haircut", OcfHaircut);
        InputRules.Fraction(errors, path, "ebitda_haircut", EbitdaHaircut);
        InputRules.Fraction(errors, path, "commitment_acceleration", CommitmentAcceleration);
        return errors;
    }
}

using System.Collections.Frozen;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// The numeric fields of CompanyRisk a rule may watch, by their proto names (docs/api.md, AlertService), and
/// <see cref="Band"/>, the field of a band_at_least rule (a band as its number, 1 LOW to 5 SEVERE).
/// </summary>
public static class AlertFields
{
    public const string Band = "band";

    private static readonly FrozenDictionary<string, Func<RiskAssessment, double?>> Readers = new Dictionary<string, Func<RiskAssessment, double?>>
    {
        ["liquidity"] = a => a.Liquidity,
        ["debt"] = a => a.Debt,
        ["lease_debt"] = a => a.LeaseDebt,
        ["adjusted_debt"] = a => a.AdjustedDebt,
        ["debt_to_cash"] = a => a.DebtToCash,
        ["adjusted_debt_to_cash"] = a => a.AdjustedDebtToCash,
        ["net_debt"] = a => a.NetDebt,
        ["adjusted_net_debt"] = a => a.AdjustedNetDebt,
        ["commitments_remaining"] = a => a.CommitmentsRemaining,
        ["commitments_debt_like"] = a => a.CommitmentsDebtLike,
        ["walk_away_loss"] = a => a.WalkAwayLoss,
        ["lock_in_ratio"] = a => a.LockInRatio,
        ["commitment_adjusted_net_debt"] = a => a.CommitmentAdjustedNetDebt,
        ["gross_leverage"] = a => a.GrossLeverage,
        ["net_leverage"] = a => a.NetLeverage,
        ["commitment_adjusted_leverage"] = a => a.CommitmentAdjustedLeverage,
        ["interest_coverage"] = a => a.InterestCoverage,
        ["free_cash_flow_ttm"] = a => a.FreeCashFlowTtm,
        ["committed_12m"] = a => a.Committed12M,
        ["revenue_ttm"] = a => a.RevenueTtm,
        ["ebitda_ttm"] = a => a.EbitdaTtm,
        ["operating_cash_flow_ttm"] = a => a.OperatingCashFlowTtm,
        ["capex_ttm"] = a => a.CapexTtm,
        ["interest_expense_ttm"] = a => a.InterestExpenseTtm,
        ["sources_12m"] = a => a.Sources12M,
        ["uses_12m"] = a => a.Uses12M,
        ["liquidity_coverage_12m"] = a => a.LiquidityCoverage12M,
        ["runway_months"] = a => a.RunwayMonths,
        ["default_point"] = a => a.DefaultPoint,
        ["commitment_adjusted_default_point"] = a => a.CommitmentAdjustedDefaultPoint,
        ["distance_to_default"] = a => a.DistanceToDefault,
        ["default_probability"] = a => a.DefaultProbability,
        ["commitment_adjusted_distance_to_default"] = a => a.CommitmentAdjustedDistanceToDefault,
        ["commitment_adjusted_default_probability"] = a => a.CommitmentAdjustedDefaultProbability,
        ["altman_z"] = a => a.AltmanZ,
        ["score"] = a => a.Score,
        ["contagion_haircut"] = a => a.ContagionHaircut,
        [Band] = a => a.Band is { } band ? (int)band : null,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The fields a threshold rule may name (every one but <see cref="Band"/>), in name order.</summary>
    public static IReadOnlyList<string> ThresholdFields { get; } = [.. Readers.Keys.Where(k => k != Band).Order(StringComparer.Ordinal)];

    /// <summary>True when a threshold rule may name <paramref name="field"/>.</summary>
    public static bool IsThresholdField(string field) => field != Band && Readers.ContainsKey(field);

    /// <summary>The field's value in <paramref name="assessment"/>; null when it is absent (not meaningful) or the field unknown.</summary>
    public static double? Read(string field, RiskAssessment assessment) =>
        Readers.TryGetValue(field, out var read) ? read(assessment) : null;
}

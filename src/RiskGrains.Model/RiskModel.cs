namespace RiskGrains.Model;

/// <summary>The credit-risk model of docs/risk-model.md: pure functions over immutable inputs.</summary>
public static partial class RiskModel
{
    /// <summary>Months of the defensive runway before it is reported as capped (docs/risk-model.md §2.2).</summary>
    public const int RunwayHorizonMonths = 60;

    /// <summary>Liquidity coverage reported when there are no uses (docs/risk-model.md §2.1).</summary>
    public const double NoUsesCoverage = 99.0;

    /// <summary>
    /// Every metric of docs/risk-model.md §2 and the score of §3 for one company. With no financial period
    /// the metrics and the score are absent; the call never throws on valid inputs.
    /// </summary>
    public static RiskAssessment Evaluate(CompanyInputs inputs, ModelParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);

        // The same path as the incremental API (FundamentalsAssessment), with the prepared part on the stack.
        PreparedFundamentals.Prepare(inputs.Periods, inputs.Commitments, inputs.Dependencies, parameters, out var prepared);
        return prepared.Assess(inputs.Market);
    }

    internal static RiskAssessment WithoutFinancials(int commitments, bool hasMarketData) => new()
    {
        Commitments = commitments,
        HasMarketData = hasMarketData,
        Flags = RiskFlags.ToArray(FlagSet.NoFinancialPeriods),
    };

    /// <summary>Metric names as reported in <see cref="NotMeaningful"/> entries (snake_case, as in docs/risk-model.md §2).</summary>
    public static class Metrics
    {
        public const string DebtToCash = "debt_to_cash";
        public const string AdjustedDebtToCash = "adjusted_debt_to_cash";
        public const string GrossLeverage = "gross_leverage";
        public const string NetLeverage = "net_leverage";
        public const string CommitmentAdjustedLeverage = "commitment_adjusted_leverage";
        public const string InterestCoverage = "interest_coverage";
        public const string MertonDistanceToDefault = "merton_distance_to_default";
        public const string PdTermStructure = "pd_term_structure";
    }
}

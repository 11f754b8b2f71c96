using RiskGrains.Model;

namespace RiskGrains.Filings;

/// <summary>Names and setters of <see cref="ModelField"/>: one place that knows which period property each field is.</summary>
internal static class ModelFields
{
    /// <summary>The field's snake_case name, as in docs/risk-model.md §1 and the input rules' messages.</summary>
    public static string Name(ModelField field) => field switch
    {
        ModelField.Cash => "cash",
        ModelField.ShortTermInvestments => "short_term_investments",
        ModelField.ShortTermDebt => "short_term_debt",
        ModelField.LongTermDebt => "long_term_debt",
        ModelField.OperatingLeaseLiabilities => "operating_lease_liabilities",
        ModelField.FinanceLeaseLiabilities => "finance_lease_liabilities",
        ModelField.UndrawnCreditFacilities => "undrawn_credit_facilities",
        ModelField.Revenue => "revenue",
        ModelField.Ebitda => "ebitda",
        ModelField.OperatingCashFlow => "operating_cash_flow",
        ModelField.Capex => "capex",
        ModelField.InterestExpense => "interest_expense",
        ModelField.ShareholderReturns => "shareholder_returns",
        ModelField.TotalAssets => "total_assets",
        ModelField.TotalLiabilities => "total_liabilities",
        ModelField.CurrentAssets => "current_assets",
        ModelField.CurrentLiabilities => "current_liabilities",
        ModelField.RetainedEarnings => "retained_earnings",
        ModelField.Ebit => "ebit",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>
    /// True for the Altman Z'' inputs (docs/risk-model.md §2.4): the model has an "absent" for them, so a
    /// missing one stays absent rather than becoming 0.
    /// </summary>
    public static bool IsOptional(ModelField field) => field >= ModelField.TotalAssets;

    /// <summary>The period with <paramref name="field"/> set to <paramref name="value"/> (USD millions).</summary>
    public static FinancialPeriod With(FinancialPeriod period, ModelField field, double value) => field switch
    {
        ModelField.Cash => period with { Cash = value },
        ModelField.ShortTermInvestments => period with { ShortTermInvestments = value },
        ModelField.ShortTermDebt => period with { ShortTermDebt = value },
        ModelField.LongTermDebt => period with { LongTermDebt = value },
        ModelField.OperatingLeaseLiabilities => period with { OperatingLeaseLiabilities = value },
        ModelField.FinanceLeaseLiabilities => period with { FinanceLeaseLiabilities = value },
        ModelField.UndrawnCreditFacilities => period with { UndrawnCreditFacilities = value },
        ModelField.Revenue => period with { Revenue = value },
        ModelField.Ebitda => period with { Ebitda = value },
        ModelField.OperatingCashFlow => period with { OperatingCashFlow = value },
        ModelField.Capex => period with { Capex = value },
        ModelField.InterestExpense => period with { InterestExpense = value },
        ModelField.ShareholderReturns => period with { ShareholderReturns = value },
        ModelField.TotalAssets => period with { TotalAssets = value },
        ModelField.TotalLiabilities => period with { TotalLiabilities = value },
        ModelField.CurrentAssets => period with { CurrentAssets = value },
        ModelField.CurrentLiabilities => period with { CurrentLiabilities = value },
        ModelField.RetainedEarnings => period with { RetainedEarnings = value },
        ModelField.Ebit => period with { Ebit = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };
}

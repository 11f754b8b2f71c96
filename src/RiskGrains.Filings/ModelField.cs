namespace RiskGrains.Filings;

/// <summary>The fields of a financial period an importer fills (docs/risk-model.md §1).</summary>
internal enum ModelField
{
    Cash,
    ShortTermInvestments,
    ShortTermDebt,
    LongTermDebt,
    OperatingLeaseLiabilities,
    FinanceLeaseLiabilities,
    UndrawnCreditFacilities,
    Revenue,
    Ebitda,
    OperatingCashFlow,
    Capex,
    InterestExpense,
    ShareholderReturns,
    TotalAssets,
    TotalLiabilities,
    CurrentAssets,
    CurrentLiabilities,
    RetainedEarnings,
    Ebit,
}

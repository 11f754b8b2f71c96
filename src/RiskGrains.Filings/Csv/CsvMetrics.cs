using System.Collections.Frozen;
using RiskGrains.Model;

namespace RiskGrains.Filings.Csv;

/// <summary>
/// Every metric name the long CSV format accepts: the names of data/sample/sources/hyperscalers.csv, each
/// with its use (docs/import.md, CSV metrics). Any other name is refused with its line.
/// </summary>
internal static class CsvMetrics
{
    private const string NotCashCapex = "not cash capex: counting it would count the finance leases already in finance_lease_liabilities again";
    private const string AlreadyStocks = "already represented by the balance-sheet liabilities";
    private const string FreeCashFlow = "free cash flow is computed by the model from operating cash flow and capex";
    private const string NotAPayment = "forward-looking or revenue-side: not a commitment to pay";

    public static readonly IReadOnlyList<CsvMetric> All =
    [
        Period("cash_and_cash_equivalents", "cash"),
        Period("cash_plus_marketable_securities", "cash, when cash_and_cash_equivalents is missing: less short-term investments when given, else all of it (short_term_investments 0)"),
        Period("cash_plus_marketable_securities_approx", "as cash_plus_marketable_securities"),
        Period("short_term_investments", "short_term_investments"),
        Period("marketable_securities", "short_term_investments"),
        Period("marketable_securities_approx", "short_term_investments"),
        Period("short_term_debt", "short_term_debt (a total)"),
        Period("commercial_paper_short_term_debt", "short_term_debt, added to the current portion of long-term debt"),
        Period("current_portion_long_term_debt", "short_term_debt, added to commercial paper"),
        Period("notes_payable_current", "short_term_debt, as current_portion_long_term_debt"),
        Period("long_term_debt_noncurrent", "long_term_debt"),
        Period("notes_payable_noncurrent", "long_term_debt"),
        Period("long_term_debt_approx", "long_term_debt"),
        Period("total_debt_approx", "long_term_debt = total debt less short_term_debt, when no long-term figure is given"),
        Period("operating_lease_liabilities_total", "operating_lease_liabilities"),
        Period("operating_lease_liabilities_current", "operating_lease_liabilities, added to the non-current part"),
        Period("operating_lease_liabilities_noncurrent", "operating_lease_liabilities, added to the current part"),
        Period("finance_lease_liabilities_total", "finance_lease_liabilities"),
        Period("finance_lease_liabilities_current", "finance_lease_liabilities, added to the non-current part"),
        Period("finance_lease_liabilities_noncurrent", "finance_lease_liabilities, added to the current part"),
        Period("lease_liabilities_total_operating_plus_finance_derived", "finance_lease_liabilities = this total less operating_lease_liabilities, when no finance-lease figure is given"),
        Period("revenue_fy", "revenue"),
        Period("revenue_ttm", "revenue"),
        Period("ebitda_fy_derived", "ebitda"),
        Period("operating_income_fy", "ebitda = operating income + D&A, when ebitda_fy_derived is missing"),
        Period("operating_income_ttm", "as operating_income_fy"),
        Period("depreciation_amortization_fy", "ebitda, added to operating income"),
        Period("depreciation_amortization_ttm", "as depreciation_amortization_fy"),
        Period("operating_cash_flow_fy", "operating_cash_flow"),
        Period("operating_cash_flow_ttm", "operating_cash_flow"),
        Period("capex_additions_to_ppe_fy", "capex"),
        Period("capex_purchases_of_ppe_fy", "capex"),
        Period("capex_purchases_of_ppe_gross_fy", "capex"),
        Period("capex_fy", "capex"),
        Period("capex_purchases_of_ppe_fy_derived", "capex"),
        Period("capex_additions_to_ppe_ttm", "capex"),
        Period("capex_ttm", "capex"),
        Period("interest_expense_fy", "interest_expense"),
        Period("interest_expense_ttm", "interest_expense"),

        Commitment("purchase_commitments", CommitmentKind.Other),
        Commitment("construction_commitments", CommitmentKind.DataCenter),
        Commitment("noncancelable_contractual_commitments", CommitmentKind.Other),
        Commitment("unconditional_purchase_obligations", CommitmentKind.Other),
        Commitment("cloud_capacity_purchase_obligations", CommitmentKind.Other),
        Commitment("leases_not_yet_commenced", CommitmentKind.LeaseNotCommenced, leaseSchedule: true),

        NotUsed("market_cap", "market data, sent as market ticks, not a figure of a period"),
        NotUsed("public_float_dei", "market data, not a figure of a period"),
        NotUsed("leases_incl_imputed_interest_contractual", "mixes commenced leases (liabilities already) with leases not yet commenced (a commitment already)"),
        NotUsed("finance_lease_rou_assets_obtained_fy", NotCashCapex),
        NotUsed("capex_incl_finance_leases_fy_derived", NotCashCapex),
        NotUsed("finance_lease_interest_fy", "part of interest on leases already counted as liabilities"),
        NotUsed("capex_incl_finance_lease_principal_fy", NotCashCapex),
        NotUsed("finance_lease_principal_payments_fy", NotCashCapex),
        NotUsed("ppe_acquired_under_finance_leases_fy", NotCashCapex),
        NotUsed("proceeds_from_ppe_sales_and_incentives_fy", "capex is gross: proceeds are not netted"),
        NotUsed("cash_interest_paid_on_debt_net_of_capitalized_fy", "interest_expense is the income-statement figure"),
        NotUsed("free_cash_flow_fy", FreeCashFlow),
        NotUsed("free_cash_flow_fy_company_definition", FreeCashFlow),
        NotUsed("free_cash_flow_ttm_derived", FreeCashFlow),
        NotUsed("long_term_debt_principal_plus_interest_undiscounted", AlreadyStocks),
        NotUsed("operating_lease_payments_undiscounted", AlreadyStocks),
        NotUsed("finance_lease_payments_incl_interest", AlreadyStocks),
        NotUsed("financing_obligations_incl_interest", "debt-like, but the model has no field for it"),
        NotUsed("total_contractual_commitments", "a total of lines counted elsewhere (debt, leases, commitments)"),
        NotUsed("hyperion_jv_total_development_cost_offbalance", "a joint venture's cost, not the company's payments"),
        NotUsed("capex_guidance_2026_low", NotAPayment),
        NotUsed("remaining_performance_obligations", NotAPayment),
        NotUsed("cloud_backlog", NotAPayment),
    ];

    public static readonly FrozenDictionary<string, CsvMetric> ByName = All.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);

    private static CsvMetric Period(string name, string meaning) => new(name, CsvMetricUse.Period, meaning);

    private static CsvMetric Commitment(string name, CommitmentKind kind, bool leaseSchedule = false) =>
        new(name, CsvMetricUse.Commitment, leaseSchedule ? "a commitment, rule L" : "a commitment, rule P", kind, leaseSchedule);

    private static CsvMetric NotUsed(string name, string reason) => new(name, CsvMetricUse.NotUsed, reason);
}

using System.Globalization;
using RiskGrains.Model;

namespace RiskGrains.Filings.Csv;

/// <summary>
/// Makes one 12-month <see cref="FinancialPeriod"/> from a company's figures at one date, by the mapping of
/// data/sample/README.md ("Field mapping"). Figures are never borrowed from another date: a missing field
/// stays 0 with a warning (the sample's hand-made substitutions are not repeated).
/// </summary>
internal sealed class CsvPeriodBuilder
{
    private readonly Dictionary<string, CsvRow> _rows;
    private readonly string _ticker;
    private readonly DateOnly _periodEnd;
    private readonly List<CsvRow> _used = [];
    private readonly List<string> _notes = [];
    private readonly List<ImportIssue> _warnings = [];

    public CsvPeriodBuilder(IEnumerable<CsvRow> rows, string ticker, DateOnly periodEnd)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _rows = rows.Where(r => r.Value is not null).ToDictionary(r => r.Metric, StringComparer.Ordinal);
        _ticker = ticker;
        _periodEnd = periodEnd;
    }

    /// <summary>True when the date has a revenue figure: without one its figures are balance-sheet points, not a period.</summary>
    public bool HasRevenue => _rows.ContainsKey("revenue_fy") || _rows.ContainsKey("revenue_ttm");

    public (FinancialPeriod Period, List<ImportIssue> Warnings) Build(string sourceName)
    {
        var period = new FinancialPeriod { PeriodEnd = _periodEnd, PeriodMonths = 12 };

        var shortTermInvestments = Take("short_term_investments", "marketable_securities", "marketable_securities_approx");
        var cash = Take("cash_and_cash_equivalents");
        if (cash is null && Take("cash_plus_marketable_securities", "cash_plus_marketable_securities_approx") is { } combined)
        {
            cash = combined - (shortTermInvestments ?? 0);
            if (shortTermInvestments is null)
            {
                shortTermInvestments = 0;
                Warn(ModelField.Cash, "only cash and marketable securities together are given: all of it is cash and short_term_investments is 0 (liquidity is right, the split is not)");
            }
            else
            {
                _notes.Add("cash = cash and marketable securities less short-term investments");
            }
        }

        var shortTermDebt = Take("short_term_debt");
        if (shortTermDebt is null)
        {
            var paper = Take("commercial_paper_short_term_debt");
            var current = Take("current_portion_long_term_debt", "notes_payable_current");
            shortTermDebt = paper is null && current is null ? null : (paper ?? 0) + (current ?? 0);
        }

        var longTermDebt = Take("long_term_debt_noncurrent", "notes_payable_noncurrent", "long_term_debt_approx");
        if (longTermDebt is null && Take("total_debt_approx") is { } totalDebt)
        {
            longTermDebt = totalDebt - (shortTermDebt ?? 0);
            Warn(ModelField.LongTermDebt, shortTermDebt is null
                ? "only total debt is given: all of it counts as long-term debt, as no short-term figure is given at this date"
                : "long-term debt = total debt less short_term_debt");
        }

        var operatingLeases = Lease(ModelField.OperatingLeaseLiabilities, "operating_lease_liabilities");
        var financeLeases = Lease(ModelField.FinanceLeaseLiabilities, "finance_lease_liabilities");
        if (financeLeases is null && Take("lease_liabilities_total_operating_plus_finance_derived") is { } allLeases)
        {
            financeLeases = allLeases - (operatingLeases ?? 0);
            Warn(ModelField.FinanceLeaseLiabilities, "finance_lease_liabilities = operating and finance lease liabilities together less operating_lease_liabilities: the split is assumed, the sum is as given");
        }

        var ebitda = Take("ebitda_fy_derived");
        if (ebitda is null && Take("operating_income_fy", "operating_income_ttm") is { } operatingIncome)
        {
            var depreciation = Take("depreciation_amortization_fy", "depreciation_amortization_ttm");
            ebitda = operatingIncome + (depreciation ?? 0);
            if (depreciation is null)
            {
                Warn(ModelField.Ebitda, "no depreciation_amortization_fy or _ttm: ebitda is operating income alone");
            }
            else
            {
                _notes.Add("ebitda = operating income + D&A");
            }
        }

        period = Set(period, ModelField.Cash, cash, "cash_and_cash_equivalents or cash_plus_marketable_securities");
        period = Set(period, ModelField.ShortTermInvestments, shortTermInvestments, "short_term_investments or marketable_securities");
        period = Set(period, ModelField.ShortTermDebt, shortTermDebt, "short_term_debt, commercial_paper_short_term_debt or current_portion_long_term_debt");
        period = Set(period, ModelField.LongTermDebt, longTermDebt, "long_term_debt_noncurrent, notes_payable_noncurrent or total_debt_approx");
        period = Set(period, ModelField.OperatingLeaseLiabilities, operatingLeases, "operating_lease_liabilities_total, _current or _noncurrent");
        period = Set(period, ModelField.FinanceLeaseLiabilities, financeLeases, "finance_lease_liabilities_total, _current or _noncurrent");
        period = Set(period, ModelField.Revenue, Take("revenue_fy", "revenue_ttm"), "revenue_fy or revenue_ttm");
        period = Set(period, ModelField.Ebitda, ebitda, "ebitda_fy_derived or operating_income_fy/_ttm (with D&A)");
        period = Set(period, ModelField.OperatingCashFlow, Take("operating_cash_flow_fy", "operating_cash_flow_ttm"), "operating_cash_flow_fy or _ttm");
        period = Set(period, ModelField.Capex, Take(
            "capex_additions_to_ppe_fy", "capex_purchases_of_ppe_fy", "capex_purchases_of_ppe_gross_fy", "capex_fy",
            "capex_purchases_of_ppe_fy_derived", "capex_additions_to_ppe_ttm", "capex_ttm"), "capex_additions_to_ppe_fy or another capex_ metric");
        period = Set(period, ModelField.InterestExpense, Take("interest_expense_fy", "interest_expense_ttm"), "interest_expense_fy or _ttm");

        period = period with { Source = Source(sourceName) };
        return (period, _warnings);
    }

    // The total where given, else current plus non-current, with a warning when one of the two is missing.
    private decimal? Lease(ModelField field, string prefix)
    {
        if (Take(prefix + "_total") is { } total)
        {
            return total;
        }

        var current = Take(prefix + "_current");
        var noncurrent = Take(prefix + "_noncurrent");
        if (current is null && noncurrent is null)
        {
            return null;
        }

        if (current is null || noncurrent is null)
        {
            Warn(field, $"only the {(current is null ? "non-current" : "current")} part is given ({prefix}_{(current is null ? "current" : "noncurrent")} is missing)");
        }

        return (current ?? 0) + (noncurrent ?? 0);
    }

    private FinancialPeriod Set(FinancialPeriod period, ModelField field, decimal? value, string expected)
    {
        if (value is { } v)
        {
            return ModelFields.With(period, field, Money.ToDouble(v));
        }

        Warn(field, $"no figure for {expected}: 0 used, as the model has no absent value for this field");
        return period;
    }

    // The first of the metrics with a figure at this date; the row is recorded for the source.
    private decimal? Take(params string[] metrics)
    {
        foreach (var metric in metrics)
        {
            if (!CsvMetrics.ByName.ContainsKey(metric))
            {
                throw new InvalidOperationException($"{metric} is not a metric of the CSV format");
            }

            if (_rows.TryGetValue(metric, out var row))
            {
                if (!_used.Contains(row))
                {
                    _used.Add(row);
                }

                return row.Value;
            }
        }

        return null;
    }

    private void Warn(ModelField field, string message) =>
        _warnings.Add(new ImportIssue($"{_ticker} {_periodEnd:yyyy-MM-dd} {ModelFields.Name(field)}", message));

    private string Source(string sourceName)
    {
        var lines = string.Join(", ", _used.Select(r => r.Line).Order().Select(l => l.ToString(CultureInfo.InvariantCulture)));
        var sources = string.Join("; ", _used.OrderBy(r => r.Line).Select(r => r.Source).Distinct());
        var notes = _notes.Count > 0 ? "; " + string.Join("; ", _notes) : "";
        return SourceText.Fit($"{sourceName} {_ticker} {_periodEnd:yyyy-MM-dd}, 12 months (fiscal year or TTM), lines {lines}{notes}; {sources}");
    }
}

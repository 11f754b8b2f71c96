using RiskGrains.Contract.V1;
using Spectre.Console;

namespace RiskGrains.Cli.Commands;

/// <summary>Companies' risk as a table of metrics (rows) by company (columns); money in the company's currency, millions.</summary>
public static class RiskTable
{
    public static Table Of(IReadOnlyList<CompanyRisk> risks)
    {
        ArgumentNullException.ThrowIfNull(risks);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("");
        foreach (var risk in risks)
        {
            table.AddColumn(new TableColumn($"[bold]{Markup.Escape(risk.CompanyId)}[/]").RightAligned());
        }

        void Row(string name, Func<CompanyRisk, string> cell) =>
            table.AddRow([new Markup(name), .. risks.Select(r => new Markup(cell(r)))]);

        string E(string text) => Markup.Escape(text);

        Row("score", r => $"[bold]{Formats.Score(r.HasScore ? r.Score : null)}[/]");
        Row("band", r => Formats.BandMarkup(r.Band));
        Row("version", r => r.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row("as of", r => E(Formats.Time(r.AsOf)));
        Row("[grey]money, millions[/]", _ => "");
        Row("liquidity", r => E(Formats.Money(r.HasLiquidity ? r.Liquidity : null)));
        Row("adjusted debt", r => E(Formats.Money(r.HasAdjustedDebt ? r.AdjustedDebt : null)));
        Row("debt-like commitments", r => E(Formats.Money(r.HasCommitmentsDebtLike ? r.CommitmentsDebtLike : null)));
        Row("committed, 12 months", r => E(Formats.Money(r.HasCommitted12M ? r.Committed12M : null)));
        Row("EBITDA (TTM)", r => E(Formats.Money(r.HasEbitdaTtm ? r.EbitdaTtm : null)));
        Row("free cash flow (TTM)", r => E(Formats.Money(r.HasFreeCashFlowTtm ? r.FreeCashFlowTtm : null)));
        Row("[grey]ratios[/]", _ => "");
        Row("commitment-adjusted leverage", r => E(Formats.Multiple(r.HasCommitmentAdjustedLeverage ? r.CommitmentAdjustedLeverage : null)));
        Row("interest coverage", r => E(Formats.Multiple(r.HasInterestCoverage ? r.InterestCoverage : null)));
        Row("liquidity coverage, 12 months", r => E(Formats.Multiple(r.HasLiquidityCoverage12M ? r.LiquidityCoverage12M : null)));
        Row("defensive runway", r => E(Formats.Months(r.HasRunwayMonths ? r.RunwayMonths : null, r.Flags.Contains("runway_capped"))));
        Row("[grey]default[/]", _ => "");
        Row("distance to default (commitments in)", r => E(r.HasCommitmentAdjustedDistanceToDefault ? r.CommitmentAdjustedDistanceToDefault.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : Formats.Absent));
        Row("PD 1 year", r => E(Formats.Probability(Formats.PdAt(r, 1))));
        Row("PD 5 years", r => E(Formats.Probability(Formats.PdAt(r, 5))));
        Row("market data", r => E(r.Inputs?.HasMarketData == true ? "as of " + Formats.Time(r.Inputs.MarketAsOf) : "none"));
        Row("flags", r => E(r.Flags.Count == 0 ? Formats.Absent : string.Join(", ", r.Flags)));
        return table;
    }
}

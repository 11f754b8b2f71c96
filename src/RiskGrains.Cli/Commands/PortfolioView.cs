using System.Globalization;
using RiskGrains.Contract.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RiskGrains.Cli.Commands;

/// <summary>A portfolio's figures (docs/risk-model.md §7) over its positions, largest stressed loss first.</summary>
public static class PortfolioView
{
    public static IRenderable Of(PortfolioRisk p, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(p);
        var currency = string.IsNullOrEmpty(p.Currency) ? "" : " " + p.Currency;
        var totals = new Grid().AddColumn().AddColumn(new GridColumn().RightAligned()).AddColumn().AddColumn(new GridColumn().RightAligned());
        totals.AddRow($"exposure (m{currency})", Formats.Money(p.TotalExposure), "exposure-weighted score", Formats.Score(p.HasExposureWeightedScore ? p.ExposureWeightedScore : null));
        totals.AddRow("expected loss", Formats.Money(p.ExpectedLoss), "expected loss rate", Formats.Probability(p.HasExpectedLossRate ? p.ExpectedLossRate : null));
        totals.AddRow("stressed loss (99.9 %)", Formats.Money(p.StressedLoss), "name concentration (HHI)", p.HasNameHhi ? p.NameHhi.ToString("0.000", CultureInfo.InvariantCulture) : Formats.Absent);
        totals.AddRow("unexpected loss", Formats.Money(p.UnexpectedLoss), "sector concentration (HHI)", p.HasSectorHhi ? p.SectorHhi.ToString("0.000", CultureInfo.InvariantCulture) : Formats.Absent);

        var positions = new Table().Border(TableBorder.Rounded)
            .AddColumn("company")
            .AddColumn(new TableColumn("exposure").RightAligned())
            .AddColumn(new TableColumn("LGD").RightAligned())
            .AddColumn(new TableColumn("score").RightAligned())
            .AddColumn("band")
            .AddColumn(new TableColumn("PD").RightAligned())
            .AddColumn(new TableColumn("expected loss").RightAligned())
            .AddColumn(new TableColumn("stressed PD").RightAligned())
            .AddColumn(new TableColumn("stressed loss").RightAligned())
            .AddColumn(new TableColumn("share").RightAligned())
            .AddColumn("flags");
        foreach (var x in p.Positions)
        {
            positions.AddRow(
                new Markup($"[bold]{Markup.Escape(x.CompanyId)}[/]"),
                new Text(Formats.Money(x.Exposure)),
                new Text(x.Lgd.ToString("0.00", CultureInfo.InvariantCulture)),
                new Text(Formats.Score(x.HasScore ? x.Score : null)),
                new Markup(Formats.BandMarkup(x.Band)),
                new Text(Formats.Probability(x.HasDefaultProbability ? x.DefaultProbability : null)),
                new Text(Formats.Money(x.HasExpectedLoss ? x.ExpectedLoss : null)),
                new Text(Formats.Probability(x.HasStressedDefaultProbability ? x.StressedDefaultProbability : null)),
                new Text(Formats.Money(x.HasStressedLoss ? x.StressedLoss : null)),
                new Text(Formats.Probability(x.HasShareOfStressedLoss ? x.ShareOfStressedLoss : null)),
                new Text(x.Flags.Count == 0 ? "" : string.Join(", ", x.Flags)));
        }

        var title = $"[bold]{Markup.Escape(string.IsNullOrEmpty(p.Name) ? p.PortfolioId : $"{p.Name} ({p.PortfolioId})")}[/] · version {p.Version.ToString(CultureInfo.InvariantCulture)} · as of {Markup.Escape(Formats.Time(p.AsOf))}";
        var rows = new List<IRenderable> { new Markup(title), totals, positions };
        if (caption is not null)
        {
            rows.Add(new Markup($"[grey]{Markup.Escape(caption)}[/]"));
        }

        return new Rows(rows);
    }
}

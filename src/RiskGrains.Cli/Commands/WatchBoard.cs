using RiskGrains.Contract.V1;
using Spectre.Console;

namespace RiskGrains.Cli.Commands;

/// <summary>
/// What <c>watch</c> shows: a row per company with its latest score, band, change since the watch began, runway,
/// liquidity coverage, 1- and 5-year PDs, and the cause and age of its latest change.
/// </summary>
public sealed class WatchBoard(IReadOnlyList<string> companyIds, DateTimeOffset startedAt, string? title = null)
{
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);

    public int Updates { get; private set; }

    public void Apply(RiskUpdate update, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(update);
        var risk = update.Risk;
        if (risk is null)
        {
            return;
        }

        Updates++;
        double? score = risk.HasScore ? risk.Score : null;
        if (_rows.TryGetValue(risk.CompanyId, out var row))
        {
            _rows[risk.CompanyId] = row with { Latest = risk, Cause = update.Cause, ReceivedAt = receivedAt, FirstScore = row.FirstScore ?? score };
        }
        else
        {
            _rows[risk.CompanyId] = new Row(risk, update.Cause, receivedAt, score);
        }
    }

    /// <summary>The latest risk of a company, when one has come.</summary>
    public CompanyRisk? Latest(string companyId) => _rows.TryGetValue(companyId, out var row) ? row.Latest : null;

    public Table Render(DateTimeOffset now)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("company")
            .AddColumn(new TableColumn("score").RightAligned())
            .AddColumn("band")
            .AddColumn(new TableColumn("since start").RightAligned())
            .AddColumn(new TableColumn("runway").RightAligned())
            .AddColumn(new TableColumn("liq. cover 12m").RightAligned())
            .AddColumn(new TableColumn("PD 1y").RightAligned())
            .AddColumn(new TableColumn("PD 5y").RightAligned())
            .AddColumn("last change")
            .AddColumn(new TableColumn("age").RightAligned())
            .AddColumn(new TableColumn("version").RightAligned());
        table.Title = new TableTitle(title ?? "riskgrains watch", new Style(decoration: Decoration.Bold));
        foreach (var id in companyIds)
        {
            var name = new Markup($"[bold]{Markup.Escape(id)}[/]");
            if (!_rows.TryGetValue(id, out var row))
            {
                table.AddRow(name, new Markup("[grey]waiting[/]"), Text.Empty, Text.Empty, Text.Empty, Text.Empty, Text.Empty, Text.Empty, Text.Empty, Text.Empty, Text.Empty);
                continue;
            }

            var r = row.Latest;
            double? score = r.HasScore ? r.Score : null;
            double? delta = score is { } s && row.FirstScore is { } f ? s - f : null;
            var deltaColour = delta switch { > 0.05 => "red", < -0.05 => "green", _ => "grey" };
            table.AddRow(
                name,
                new Markup($"[bold]{Formats.Score(score)}[/]"),
                new Markup(Formats.BandMarkup(r.Band)),
                new Markup($"[{deltaColour}]{Formats.Delta(delta)}[/]"),
                new Text(Formats.Months(r.HasRunwayMonths ? r.RunwayMonths : null, r.Flags.Contains("runway_capped"))),
                new Text(Formats.Multiple(r.HasLiquidityCoverage12M ? r.LiquidityCoverage12M : null)),
                new Text(Formats.Probability(Formats.PdAt(r, 1))),
                new Text(Formats.Probability(Formats.PdAt(r, 5))),
                new Text(Formats.Cause(row.Cause)),
                new Text(Formats.Age(now - row.ReceivedAt)),
                new Text(r.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        table.Caption = new TableTitle($"{Updates} updates in {Formats.Age(now - startedAt)} · q quits", new Style(Color.Grey));
        return table;
    }

    private sealed record Row(CompanyRisk Latest, ChangeCause Cause, DateTimeOffset ReceivedAt, double? FirstScore);
}

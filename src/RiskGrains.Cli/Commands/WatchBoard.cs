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

    /// <summary>The width below which the table drops its borders, the version and long headers, to fit 80 columns.</summary>
    public const int CompactBelow = 120;

    /// <param name="width">The console's width: below <see cref="CompactBelow"/> the table is drawn compact.</param>
    public Table Render(DateTimeOffset now, int width = 200)
    {
        var compact = width < CompactBelow;
        var table = new Table();
        if (compact)
        {
            table.Border(TableBorder.None);
        }
        else
        {
            table.Border(TableBorder.Rounded);
        }

        void Column(string wide, string narrow, bool right = false)
        {
            var column = new TableColumn(compact ? narrow : wide).NoWrap();
            if (compact)
            {
                column.Padding(0, 0, 1, 0);
            }

            table.AddColumn(right ? column.RightAligned() : column);
        }

        Column("company", "company");
        Column("score", "score", right: true);
        Column("band", "band");
        Column("since start", "Δ start", right: true);
        Column("runway", "runway", right: true);
        Column("liq. cover 12m", "cover", right: true);
        Column("PD 1y", "PD 1y", right: true);
        Column("PD 5y", "PD 5y", right: true);
        Column("last change", "cause");
        Column("age", "age", right: true);
        if (!compact)
        {
            Column("version", "version", right: true);
        }

        table.Title = new TableTitle(title ?? "riskgrains watch", new Style(decoration: Decoration.Bold));
        foreach (var id in companyIds)
        {
            var name = new Markup($"[bold]{Markup.Escape(id)}[/]");
            if (!_rows.TryGetValue(id, out var row))
            {
                table.AddRow([name, new Markup("[grey]waiting[/]"), .. Enumerable.Repeat(Text.Empty, table.Columns.Count - 2)]);
                continue;
            }

            var r = row.Latest;
            double? score = r.HasScore ? r.Score : null;
            double? delta = score is { } s && row.FirstScore is { } f ? s - f : null;
            var deltaColour = delta switch { > 0.05 => "red", < -0.05 => "green", _ => "grey" };
            var cells = new List<Spectre.Console.Rendering.IRenderable>
            {
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
            };
            if (!compact)
            {
                cells.Add(new Text(r.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            table.AddRow(cells);
        }

        table.Caption = new TableTitle($"{Updates} updates in {Formats.Age(now - startedAt)} · q quits", new Style(Color.Grey));
        return table;
    }

    private sealed record Row(CompanyRisk Latest, ChangeCause Cause, DateTimeOffset ReceivedAt, double? FirstScore);
}

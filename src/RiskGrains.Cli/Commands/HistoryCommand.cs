using System.ComponentModel;
using RiskGrains.Contract.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RiskGrains.Cli.Commands;

/// <summary><c>history ID</c>: a company's recorded scores (GetHistory) as a chart, and its latest points.</summary>
public sealed class HistoryCommand(IAnsiConsole console) : ServerCommand<HistoryCommand.Settings>(console)
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<ID>")]
        [Description("A company id, such as ORCL")]
        public string Id { get; init; } = "";

        [CommandOption("--points <N>")]
        [Description("At most N points, downsampled evenly over the range (default 60)")]
        [DefaultValue(60)]
        public int Points { get; init; } = 60;

        [CommandOption("--since <DURATION>")]
        [Description("Only points of the last DURATION, such as 90s, 15m, 2h or 7d (default: all kept)")]
        public string? Since { get; init; }
    }

    protected override async Task<int> RunAsync(Connection connection, Settings settings, CancellationToken cancellationToken)
    {
        var request = new GetHistoryRequest { CompanyId = settings.Id, MaxPoints = settings.Points };
        if (settings.Since is { } since)
        {
            request.StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow - Durations.Parse(since, "--since"));
        }

        var points = (await connection.Client.GetHistoryAsync(request, cancellationToken: cancellationToken)).Points;
        if (settings.Json)
        {
            foreach (var point in points)
            {
                WriteJson(point);
            }

            return ExitCodes.Ok;
        }

        if (points.Count == 0)
        {
            Console.MarkupLineInterpolated($"{settings.Id} has no recorded history in the range");
            return ExitCodes.Ok;
        }

        Console.MarkupLineInterpolated($"[bold]{settings.Id}[/] score, {points.Count} points, oldest left");
        foreach (var line in HistoryChart.Lines(points))
        {
            WriteLine(line);
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("time (UTC)")
            .AddColumn(new TableColumn("version").RightAligned())
            .AddColumn("cause")
            .AddColumn(new TableColumn("score").RightAligned())
            .AddColumn("band")
            .AddColumn(new TableColumn("runway").RightAligned())
            .AddColumn(new TableColumn("liq. cover 12m").RightAligned())
            .AddColumn(new TableColumn("PD 1y, commitments in").RightAligned());
        table.Title = new TableTitle("latest points", new Style(decoration: Decoration.Bold));
        foreach (var p in points.TakeLast(10))
        {
            table.AddRow(
                new Text(Formats.Time(p.Time)),
                new Text(p.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(Formats.Cause(p.Cause)),
                new Text(Formats.Score(p.HasScore ? p.Score : null)),
                new Markup(Formats.BandMarkup(p.Band)),
                new Text(Formats.Months(p.HasRunwayMonths ? p.RunwayMonths : null)),
                new Text(Formats.Multiple(p.HasLiquidityCoverage12M ? p.LiquidityCoverage12M : null)),
                new Text(Formats.Probability(p.HasCommitmentAdjustedDefaultProbability ? p.CommitmentAdjustedDefaultProbability : null)));
        }

        Console.Write(table);
        return ExitCodes.Ok;
    }
}

using System.ComponentModel;
using RiskGrains.Contract.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RiskGrains.Cli.Commands;

/// <summary><c>scenario PRESET ID...</c>: the companies' base and stressed risk under a preset (RunScenario); nothing changes on the server.</summary>
public sealed class ScenarioCommand(IAnsiConsole console) : ServerCommand<ScenarioCommand.Settings>(console)
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<PRESET>")]
        [Description("credit-freeze, ai-revenue-delay or rate-shock")]
        public string Preset { get; init; } = "";

        [CommandArgument(1, "<ID>")]
        [Description("Company ids, such as MSFT")]
        public string[] Ids { get; init; } = [];
    }

    protected override async Task<int> RunAsync(Connection connection, Settings settings, CancellationToken cancellationToken)
    {
        var request = new RunScenarioRequest { Preset = settings.Preset };
        request.CompanyIds.AddRange(settings.Ids.Distinct(StringComparer.Ordinal));
        var response = await connection.Client.RunScenarioAsync(request, cancellationToken: cancellationToken);
        if (settings.Json)
        {
            WriteJson(response);
            return ExitCodes.Ok;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("company")
            .AddColumn(new TableColumn("score").RightAligned())
            .AddColumn(new TableColumn("stressed").RightAligned())
            .AddColumn(new TableColumn("change").RightAligned())
            .AddColumn("band")
            .AddColumn(new TableColumn("runway").RightAligned())
            .AddColumn(new TableColumn("liq. cover 12m").RightAligned())
            .AddColumn(new TableColumn("PD 1y stressed").RightAligned());
        table.Title = new TableTitle($"scenario {response.Preset}", new Style(decoration: Decoration.Bold));
        foreach (var result in response.Results)
        {
            var (b, s) = (result.Base, result.Stressed);
            table.AddRow(
                new Markup($"[bold]{Markup.Escape(result.CompanyId)}[/]"),
                new Text(Formats.Score(b.HasScore ? b.Score : null)),
                new Markup($"[bold]{Formats.Score(s.HasScore ? s.Score : null)}[/]"),
                new Text(Formats.Delta(result.HasScoreDelta ? result.ScoreDelta : null)),
                new Markup(b.Band == s.Band ? Formats.BandMarkup(s.Band) : $"{Formats.BandMarkup(b.Band)} → {Formats.BandMarkup(s.Band)}"),
                new Text($"{Formats.Months(b.HasRunwayMonths ? b.RunwayMonths : null, b.Flags.Contains("runway_capped"))} → {Formats.Months(s.HasRunwayMonths ? s.RunwayMonths : null, s.Flags.Contains("runway_capped"))}"),
                new Text($"{Formats.Multiple(b.HasLiquidityCoverage12M ? b.LiquidityCoverage12M : null)} → {Formats.Multiple(s.HasLiquidityCoverage12M ? s.LiquidityCoverage12M : null)}"),
                new Text(Formats.Probability(Formats.PdAt(s, 1))));
        }

        var shocks = response.Shocks;
        if (shocks is not null)
        {
            table.Caption = new TableTitle(Markup.Escape(ShockLine(shocks)), new Style(Color.Grey));
        }

        Console.Write(table);
        return ExitCodes.Ok;
    }

    /// <summary>The shocks applied, in words: <c>equity −30 %, spreads +300 bp, credit window closed</c>.</summary>
    public static string ShockLine(ScenarioShocks shocks)
    {
        ArgumentNullException.ThrowIfNull(shocks);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var parts = new List<string>();
        if (shocks.EquityShock != 0)
        {
            parts.Add($"equity {(shocks.EquityShock > 0 ? "+" : "−")}{Math.Abs(shocks.EquityShock * 100).ToString("0.#", inv)} %");
        }

        if (shocks.HasVolatilityMultiplier && shocks.VolatilityMultiplier != 1)
        {
            parts.Add($"volatility ×{shocks.VolatilityMultiplier.ToString("0.##", inv)}");
        }

        if (shocks.RateShockBps != 0)
        {
            parts.Add($"rates {(shocks.RateShockBps > 0 ? "+" : "−")}{Math.Abs(shocks.RateShockBps).ToString("0.#", inv)} bp");
        }

        if (shocks.SpreadShockBps != 0)
        {
            parts.Add($"spreads {(shocks.SpreadShockBps > 0 ? "+" : "−")}{Math.Abs(shocks.SpreadShockBps).ToString("0.#", inv)} bp");
        }

        if (shocks.OcfHaircut != 0)
        {
            parts.Add($"operating cash flow −{(shocks.OcfHaircut * 100).ToString("0.#", inv)} %");
        }

        if (shocks.EbitdaHaircut != 0)
        {
            parts.Add($"EBITDA −{(shocks.EbitdaHaircut * 100).ToString("0.#", inv)} %");
        }

        if (shocks.CreditWindowClosed)
        {
            parts.Add("credit window closed");
        }

        if (shocks.CommitmentAcceleration != 0)
        {
            parts.Add($"{(shocks.CommitmentAcceleration * 100).ToString("0.#", inv)} % of later commitments due at month 6");
        }

        return parts.Count == 0 ? "no shocks" : string.Join(", ", parts);
    }
}

using System.ComponentModel;
using RiskGrains.Contract.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RiskGrains.Cli.Commands;

/// <summary><c>list [--band B]</c>: every company (ListCompanies, page after page).</summary>
public sealed class ListCommand(IAnsiConsole console) : ServerCommand<ListCommand.Settings>(console)
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--band <BAND>")]
        [Description("Only companies of this band: low, moderate, elevated, high or severe")]
        public string? Band { get; init; }
    }

    protected override async Task<int> RunAsync(Connection connection, Settings settings, CancellationToken cancellationToken)
    {
        var band = settings.Band is null ? Band.Unspecified : Bands.Parse(settings.Band);
        var companies = new List<CompanySummary>();
        await foreach (var company in connection.Client.ListAllCompaniesAsync(band, pageSize: 1000, cancellationToken))
        {
            companies.Add(company);
        }

        if (settings.Json)
        {
            companies.ForEach(WriteJson);
            return ExitCodes.Ok;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("company")
            .AddColumn("name")
            .AddColumn(new TableColumn("score").RightAligned())
            .AddColumn("band");
        foreach (var c in companies)
        {
            table.AddRow(
                new Markup($"[bold]{Markup.Escape(c.CompanyId)}[/]"),
                new Text(c.Name),
                new Text(Formats.Score(c.HasScore ? c.Score : null)),
                new Markup(Formats.BandMarkup(c.Band)));
        }

        table.Caption($"{companies.Count} {(companies.Count == 1 ? "company" : "companies")}{(band == Band.Unspecified ? "" : $" in band {Formats.Band(band)}")}");
        Console.Write(table);
        return ExitCodes.Ok;
    }
}

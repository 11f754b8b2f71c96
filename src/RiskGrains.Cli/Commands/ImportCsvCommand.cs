using System.ComponentModel;
using RiskGrains.Filings.Csv;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RiskGrains.Cli.Commands;

/// <summary><c>import csv FILE</c>: a long-format CSV file read by RiskGrains.Filings (docs/import.md), each ticker a company, written to the service.</summary>
public sealed class ImportCsvCommand(IAnsiConsole console) : ServerCommand<ImportCsvCommand.Settings>(console)
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("A CSV file with the header company,ticker,period_end,metric,value_usd_millions,source")]
        public string File { get; init; } = "";

        [CommandOption("--warnings")]
        [Description("List what the import found missing or assumed (docs/import.md), not only their count")]
        public bool Warnings { get; init; }
    }

    protected override async Task<int> RunAsync(Connection connection, Settings settings, CancellationToken cancellationToken)
    {
        var result = LongCsvImporter.ImportFile(settings.File, DateOnly.FromDateTime(DateTime.UtcNow));
        return await new CompanyImport(Console, connection, settings.Json, settings.Warnings).RunAsync(settings.File, result, cancellationToken);
    }
}

using System.ComponentModel;
using RiskGrains.Filings.Sec;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RiskGrains.Cli.Commands;

/// <summary><c>import sec FILE --id ID</c>: an SEC EDGAR companyfacts file read by RiskGrains.Filings (docs/import.md), written to the service.</summary>
public sealed class ImportSecCommand(IAnsiConsole console) : ServerCommand<ImportSecCommand.Settings>(console)
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("A companyfacts JSON file (data.sec.gov/api/xbrl/companyfacts/CIK##########.json)")]
        public string File { get; init; } = "";

        [CommandOption("--warnings")]
        [Description("List what the import found missing or assumed (docs/import.md), not only their count")]
        public bool Warnings { get; init; }

        [CommandOption("--id <ID>")]
        [Description("The company's id in the service (the file has a CIK, not a ticker)")]
        public string? Id { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Id) ? ValidationResult.Error("import sec needs --id, the company's id in the service (such as SNOW)") : base.Validate();
    }

    protected override async Task<int> RunAsync(Connection connection, Settings settings, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Filings.ImportResult result;
        try
        {
            result = SecCompanyFactsImporter.ImportFile(settings.File, settings.Id!, today);
        }
        catch (ArgumentException e) when (e.ParamName == "companyId")
        {
            throw new UsageException($"--id: {e.Message.Split(" (Parameter", 2)[0]}");
        }

        return await new CompanyImport(Console, connection, settings.Json, settings.Warnings).RunAsync(settings.File, result, cancellationToken);
    }
}

using System.Text.Json;
using RiskGrains.Contract.V1;
using RiskGrains.Filings;
using Spectre.Console;

namespace RiskGrains.Cli.Commands;

/// <summary>
/// Writes what an import read to the service, company by company, as a client's writes: the profile
/// (UpsertCompany), the periods (ReportFinancials, in requests the server's limit allows), then each commitment
/// (UpsertCommitment). Shows progress, then the quarters written and a summary.
/// </summary>
public sealed class CompanyImport(IAnsiConsole console, Connection connection, bool json, bool listWarnings)
{
    /// <summary>Periods per ReportFinancials request: the server's default limit (RiskGrains:Limits:MaxPeriodsPerRequest).</summary>
    public const int PeriodsPerRequest = 100;

    public sealed record Written(string CompanyId, string Name, int Periods, int Commitments, ulong Version);

    public async Task<int> RunAsync(string file, ImportResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Companies.IsDefaultOrEmpty)
        {
            // Nothing valid to write (a profile the input rules refuse, an empty file): the file is refused as a whole.
            throw new ImportRefusedException(result.Errors.IsDefaultOrEmpty ? [new ImportIssue("file", "holds no company to import")] : result.Errors);
        }

        var written = new List<Written>();
        if (json)
        {
            foreach (var company in result.Companies)
            {
                written.Add(await WriteAsync(company, _ => { }, cancellationToken));
            }
        }
        else
        {
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    foreach (var company in result.Companies)
                    {
                        var steps = 1 + Chunks(company).Count + company.Commitments.Length;
                        var task = context.AddTask(Markup.Escape($"{company.Profile.Id}: writing {company.Periods.Length} periods, {company.Commitments.Length} commitments"), maxValue: steps);
                        written.Add(await WriteAsync(company, n => task.Increment(n), cancellationToken));
                        task.StopTask();
                    }
                });
        }

        if (json)
        {
            foreach (var w in written)
            {
                var line = JsonSerializer.Serialize(new
                {
                    file,
                    companyId = w.CompanyId,
                    name = w.Name,
                    periods = w.Periods,
                    commitments = w.Commitments,
                    version = w.Version,
                    warnings = result.Warnings.Select(i => i.ToString()),
                    errors = result.Errors.Select(i => i.ToString()),
                });
                console.Profile.Out.Writer.WriteLine(line);
            }

            console.Profile.Out.Writer.Flush();
            return ExitCodes.Ok;
        }

        foreach (var company in result.Companies)
        {
            console.Write(Quarters(company));
        }

        if (listWarnings)
        {
            foreach (var warning in result.Warnings)
            {
                console.MarkupLineInterpolated($"[grey]warning: {warning.ToString()}[/]");
            }
        }

        foreach (var error in result.Errors)
        {
            console.MarkupLineInterpolated($"[yellow]left out: {error.ToString()}[/]");
        }

        foreach (var w in written)
        {
            console.MarkupLineInterpolated(
                $"[green]{w.CompanyId}[/] ({w.Name}): {w.Periods} {(w.Periods == 1 ? "period" : "periods")} and {w.Commitments} {(w.Commitments == 1 ? "commitment" : "commitments")} written, now at version {w.Version}");
        }

        console.MarkupLineInterpolated($"{written.Count} {(written.Count == 1 ? "company" : "companies")} imported from {Path.GetFileName(file)}; {result.Errors.Length} inputs left out; {result.Warnings.Length} warnings{(listWarnings || result.Warnings.Length == 0 ? "" : " (--warnings lists them)")}");
        return ExitCodes.Ok;
    }

    private async Task<Written> WriteAsync(ImportedCompany company, Action<double> progress, CancellationToken cancellationToken)
    {
        var id = company.Profile.Id;
        var version = (await connection.Client.UpsertCompanyAsync(new UpsertCompanyRequest { Profile = Inputs.Profile(company.Profile) }, cancellationToken: cancellationToken)).Version;
        progress(1);
        foreach (var chunk in Chunks(company))
        {
            var request = new ReportFinancialsRequest { CompanyId = id };
            request.Periods.AddRange(chunk.Select(Inputs.Period));
            version = (await connection.Client.ReportFinancialsAsync(request, cancellationToken: cancellationToken)).Version;
            progress(1);
        }

        foreach (var commitment in company.Commitments)
        {
            version = (await connection.Client.UpsertCommitmentAsync(
                new UpsertCommitmentRequest { CompanyId = id, Commitment = Inputs.Commitment(commitment) },
                cancellationToken: cancellationToken)).Version;
            progress(1);
        }

        return new Written(id, company.Profile.Name, company.Periods.Length, company.Commitments.Length, version);
    }

    private static List<Model.FinancialPeriod[]> Chunks(ImportedCompany company) => [.. company.Periods.Chunk(PeriodsPerRequest)];

    /// <summary>The periods written, newest 12, with the figures people check against the filing.</summary>
    public static Table Quarters(ImportedCompany company)
    {
        ArgumentNullException.ThrowIfNull(company);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("period end")
            .AddColumn(new TableColumn("months").RightAligned())
            .AddColumn(new TableColumn("revenue").RightAligned())
            .AddColumn(new TableColumn("EBITDA").RightAligned())
            .AddColumn(new TableColumn("operating cash flow").RightAligned())
            .AddColumn(new TableColumn("capex").RightAligned())
            .AddColumn(new TableColumn("cash + ST investments").RightAligned())
            .AddColumn(new TableColumn("debt").RightAligned());
        var shown = company.Periods.TakeLast(12).ToList();
        table.Title = new TableTitle(
            Markup.Escape($"{company.Profile.Id}, {company.Profile.Name}: {(shown.Count < company.Periods.Length ? $"the newest {shown.Count} of {company.Periods.Length}" : $"{shown.Count}")} periods, {company.Profile.Currency} millions"),
            new Style(decoration: Decoration.Bold));
        foreach (var p in shown)
        {
            table.AddRow(
                p.PeriodEnd.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                p.PeriodMonths.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Formats.Money(p.Revenue),
                Formats.Money(p.Ebitda),
                Formats.Money(p.OperatingCashFlow),
                Formats.Money(p.Capex),
                Formats.Money(p.Cash + p.ShortTermInvestments),
                Formats.Money(p.ShortTermDebt + p.LongTermDebt));
        }

        return table;
    }
}

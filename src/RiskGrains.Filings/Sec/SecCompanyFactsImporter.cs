using System.Collections.Immutable;
using RiskGrains.Model;

namespace RiskGrains.Filings.Sec;

/// <summary>
/// Imports an SEC EDGAR companyfacts JSON (<c>https://data.sec.gov/api/xbrl/companyfacts/CIK##########.json</c>)
/// as one company's inputs: its profile, a financial period per fiscal quarter, and a commitment from its
/// purchase obligations by year. Every rule is in docs/import.md.
/// </summary>
public static class SecCompanyFactsImporter
{
    /// <summary>Reads the file at <paramref name="path"/>; see <see cref="Import(Stream, string, DateOnly)"/>.</summary>
    public static ImportResult ImportFile(string path, string companyId, DateOnly today)
    {
        using var stream = File.OpenRead(path);
        return Import(stream, companyId, today);
    }

    /// <summary>
    /// The company's inputs in USD millions. A missing concept leaves its field at 0 (absent for the Altman
    /// inputs) with a warning; a period or commitment the model's input rules refuse on <paramref name="today"/>
    /// is left out and listed in <see cref="ImportResult.Errors"/>.
    /// </summary>
    /// <param name="companyId">The id to give the company (the file has a CIK, not the service's id).</param>
    /// <param name="today">The day the input rules judge dates against (docs/risk-model.md §1).</param>
    /// <exception cref="ImportRefusedException">
    /// The file is not a companyfacts document, reports in IFRS (<c>ifrs-full</c>, no <c>us-gaap</c>), or
    /// holds money in another currency than USD.
    /// </exception>
    public static ImportResult Import(Stream json, string companyId, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!InputRules.IsValidCompanyId(companyId))
        {
            throw new ArgumentException($"company id '{companyId}' {InputRules.ValidateCompanyId(companyId, "").First().Message}", nameof(companyId));
        }

        var concepts = SecConceptMap.Concepts.Concat(ObligationLadder.All.SelectMany(l => l.Concepts)).Distinct().ToList();
        var file = CompanyFactsReader.Read(json, concepts);
        var warnings = new List<ImportIssue>(file.Warnings);
        var errors = new List<ImportIssue>();

        var flowConcepts = SecConceptMap.FlowConcepts.ToHashSet(StringComparer.Ordinal);
        var calendar = new FiscalCalendar(file.Facts.All.Where(f => flowConcepts.Contains(f.Concept)));
        var builder = new SecPeriodBuilder(file.Facts, new QuarterFlows(file.Facts, calendar), file.Cik);
        var built = calendar.Quarters.Select(builder.Build).OfType<SecQuarter>().ToList();

        // A balance-sheet date with no flow (the opening balance of the earliest cash-flow statement) is
        // not a quarter: entered as one, its zero flows would count in the trailing twelve months.
        var quarters = built.Where(q => q.Outcomes.Any(o => o.Rule.IsFlow && o.Value is not null)).ToList();
        var pointsOnly = built.Except(quarters).Select(q => q.Quarter.End.ToString("yyyy-MM-dd")).ToList();
        if (pointsOnly.Count > 0)
        {
            warnings.Add(new ImportIssue("periods",
                $"the dates {string.Join(", ", pointsOnly)} have balance-sheet facts but no flow for their quarter and are left out"));
        }

        if (quarters.Count == 0)
        {
            warnings.Add(new ImportIssue("periods", "no fiscal quarter could be read from the file's us-gaap facts"));
        }

        warnings.AddRange(MissingFieldWarnings(quarters));
        var commitment = PurchaseObligationBook.Build(file.Facts, file.Cik, warnings);

        // The file has no sector: EDGAR keeps the SIC code in its submissions document, not in companyfacts.
        var profile = new CompanyProfile(companyId, file.EntityName, Sector: "", Currency: CompanyFactsReader.Usd);
        var companies = ImmutableArray<ImportedCompany>.Empty;
        if (InputsValidator.ValidProfile(profile, errors))
        {
            var periods = InputsValidator.ValidPeriods(quarters.Select(q => q.Period), companyId, today, errors);
            var commitments = InputsValidator.ValidCommitments(commitment is null ? [] : [commitment], companyId, today, errors);
            companies = [new ImportedCompany(profile, periods, commitments)];
        }

        return new ImportResult(companies, [.. warnings], [.. errors]);
    }

    // One warning per field and reason, naming every quarter it applies to, rather than one per quarter.
    private static IEnumerable<ImportIssue> MissingFieldWarnings(List<SecQuarter> quarters)
    {
        var notes = new List<(ModelField Field, string Reason, DateOnly End)>();
        foreach (var quarter in quarters)
        {
            foreach (var outcome in quarter.Outcomes)
            {
                if (outcome.Value is null)
                {
                    var consequence = ModelFields.IsOptional(outcome.Field)
                        ? "left absent (an Altman Z'' input)"
                        : "0 used, as the model has no absent value for this field";
                    notes.Add((outcome.Field, $"no fact for {string.Join(", ", outcome.Rule.Concepts)}: {consequence}", quarter.Quarter.End));
                }

                foreach (var part in outcome.MissingParts)
                {
                    notes.Add((outcome.Field, $"no {part.Name} ({string.Join(", ", part.Concepts)}): the field holds its other parts only", quarter.Quarter.End));
                }
            }
        }

        return notes
            .GroupBy(n => (n.Field, n.Reason))
            .OrderBy(g => g.Key.Field)
            .Select(g =>
            {
                var ends = g.Select(n => n.End).Order().ToList();
                var when = ends.Count == quarters.Count
                    ? $"every quarter ({ends.Count})"
                    : $"the quarters ending {string.Join(", ", ends.Select(e => e.ToString("yyyy-MM-dd")))}";
                return new ImportIssue(ModelFields.Name(g.Key.Field), $"{g.Key.Reason}, in {when}");
            });
    }
}

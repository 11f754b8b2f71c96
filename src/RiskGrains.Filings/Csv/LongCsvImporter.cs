using System.Collections.Immutable;
using System.Globalization;
using RiskGrains.Model;

namespace RiskGrains.Filings.Csv;

/// <summary>
/// Imports the long CSV format of data/sample/sources/hyperscalers.csv, one figure per line:
/// <c>company,ticker,period_end,metric,value_usd_millions,source</c>. Each ticker becomes a company, each
/// date with a revenue figure a 12-month period, and each commitment metric's latest figure a commitment
/// (docs/import.md, CSV).
/// </summary>
public static class LongCsvImporter
{
    public const string Header = "company,ticker,period_end,metric,value_usd_millions,source";

    /// <summary>The word the format writes for a figure that was looked for and not found.</summary>
    public const string Missing = "missing";

    public static ImportResult ImportFile(string path, DateOnly today)
    {
        using var reader = new StreamReader(path);
        return Import(reader, Path.GetFileName(path), today);
    }

    /// <param name="sourceName">How sources name the file (<c>hyperscalers.csv</c>).</param>
    /// <param name="today">The day the input rules judge dates against (docs/risk-model.md §1).</param>
    /// <exception cref="ImportRefusedException">
    /// A line the importer cannot read: a wrong header, a wrong number of fields, an unknown metric, a bad
    /// ticker, date or value, a figure given twice; every such line is named.
    /// </exception>
    public static ImportResult Import(TextReader reader, string sourceName, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = Read(reader);
        var warnings = new List<ImportIssue>
        {
            new("format", "the CSV format has no undrawn credit facilities and no shareholder returns: both are 0 in every period"),
        };
        var errors = new List<ImportIssue>();
        var companies = ImmutableArray.CreateBuilder<ImportedCompany>();

        foreach (var company in rows.GroupBy(r => r.Ticker).OrderBy(g => g.Min(r => r.Line)))
        {
            var ticker = company.Key;
            var periods = new List<FinancialPeriod>();
            foreach (var date in company.Where(r => CsvMetrics.ByName[r.Metric].Use == CsvMetricUse.Period).GroupBy(r => r.PeriodEnd).OrderBy(g => g.Key))
            {
                var builder = new CsvPeriodBuilder(date, ticker, date.Key);
                if (!builder.HasRevenue)
                {
                    warnings.Add(new ImportIssue($"{ticker} {date.Key:yyyy-MM-dd}",
                        $"no revenue_fy or revenue_ttm figure: the lines {string.Join(", ", date.Select(r => r.Line))} are balance-sheet points, not a period, and are left out"));
                    continue;
                }

                var (period, periodWarnings) = builder.Build(sourceName);
                periods.Add(period);
                warnings.AddRange(periodWarnings);
            }

            // The schedules start at the company's t0, its newest period (data/sample/README.md, Commitments).
            var t0 = periods.Count > 0 ? periods.Max(p => p.PeriodEnd) : company.Max(r => r.PeriodEnd);
            var commitments = Commitments(company, ticker, t0, sourceName, warnings);

            var profile = new CompanyProfile(ticker, company.First().Company, Sector: "", Currency: "USD");
            if (InputsValidator.ValidProfile(profile, errors))
            {
                companies.Add(new ImportedCompany(
                    profile,
                    InputsValidator.ValidPeriods(periods, ticker, today, errors),
                    InputsValidator.ValidCommitments(commitments, ticker, today, errors)));
            }
        }

        return new ImportResult(companies.ToImmutable(), [.. warnings], [.. errors]);
    }

    // One commitment per commitment metric: its latest figure, as disclosed; earlier ones are superseded.
    private static List<Commitment> Commitments(IEnumerable<CsvRow> company, string ticker, DateOnly t0, string sourceName, List<ImportIssue> warnings)
    {
        var commitments = new List<Commitment>();
        foreach (var byMetric in company.Where(r => CsvMetrics.ByName[r.Metric].Use == CsvMetricUse.Commitment && r.Value > 0).GroupBy(r => r.Metric))
        {
            var metric = CsvMetrics.ByName[byMetric.Key];
            var latest = byMetric.MaxBy(r => r.PeriodEnd)!;
            foreach (var earlier in byMetric.Where(r => r != latest))
            {
                warnings.Add(new ImportIssue($"line {earlier.Line}",
                    $"{ticker} {earlier.Metric} at {earlier.PeriodEnd:yyyy-MM-dd} is superseded by line {latest.Line} at {latest.PeriodEnd:yyyy-MM-dd} and not imported"));
            }

            var total = latest.Value!.Value;
            var payments = metric.LeaseSchedule ? CommitmentSchedules.LeaseCohorts(total, t0) : CommitmentSchedules.Quarterly(total, t0);
            var rule = metric.LeaseSchedule
                ? $"rule L: 5 cohorts from t0 {t0:yyyy-MM-dd}, {CommitmentSchedules.DefaultLeaseTermYears}-year term"
                : $"rule P: 12 quarterly instalments after t0 {t0:yyyy-MM-dd}";
            var asDisclosed = latest.PeriodEnd < t0 ? $"; as disclosed at {latest.PeriodEnd:yyyy-MM-dd}, not reduced for payments since" : "";
            var id = $"{ticker.ToLowerInvariant()}-{metric.Name.Replace('_', '-')}-{latest.PeriodEnd:yyyy-MM-dd}";
            commitments.Add(new Commitment
            {
                Id = InputRules.IsValidId(id) ? id : $"{metric.Name.Replace('_', '-')}-{latest.PeriodEnd:yyyy-MM-dd}",
                Kind = metric.Kind,
                Payments = payments,
                Cancellable = false,
                CancellationPenalty = 1,
                Source = SourceText.Fit(
                    $"{sourceName} line {latest.Line}: {ticker} {latest.PeriodEnd:yyyy-MM-dd} {metric.Name} {total.ToString("#,0.##", CultureInfo.InvariantCulture)}; " +
                    $"{rule} (docs/import.md){asDisclosed}; {latest.Source}"),
            });
        }

        return commitments;
    }

    private static List<CsvRow> Read(TextReader reader)
    {
        var rows = new List<CsvRow>();
        var errors = new List<ImportIssue>();
        var seen = new Dictionary<(string Ticker, DateOnly Date, string Metric), int>();
        var names = new Dictionary<string, (string Name, int Line)>(StringComparer.Ordinal);

        var header = reader.ReadLine()?.TrimStart('\uFEFF').TrimEnd('\r');
        if (header != Header)
        {
            throw new ImportRefusedException("line 1", $"the header must be {Header}");
        }

        int line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            text = text.TrimEnd('\r');
            if (text.Length == 0)
            {
                continue;
            }

            var where = $"line {line}";
            var fields = CsvLineParser.Split(text, out var splitError);
            if (fields is null)
            {
                errors.Add(new ImportIssue(where, splitError!));
                continue;
            }

            if (fields.Count != 6)
            {
                errors.Add(new ImportIssue(where, $"has {fields.Count} fields; the format has 6: {Header}"));
                continue;
            }

            var row = ReadRow(line, fields, errors);
            if (row is null)
            {
                continue;
            }

            var key = (row.Ticker, row.PeriodEnd, row.Metric);
            if (seen.TryGetValue(key, out var first))
            {
                errors.Add(new ImportIssue(where, $"gives {row.Ticker} {row.PeriodEnd:yyyy-MM-dd} {row.Metric} again (first on line {first})"));
                continue;
            }

            if (names.TryGetValue(row.Ticker, out var named) && named.Name != row.Company)
            {
                errors.Add(new ImportIssue(where, $"names ticker {row.Ticker} '{row.Company}', but line {named.Line} named it '{named.Name}'"));
                continue;
            }

            seen[key] = line;
            names.TryAdd(row.Ticker, (row.Company, line));
            rows.Add(row);
        }

        if (errors.Count > 0)
        {
            throw new ImportRefusedException(errors);
        }

        return rows;
    }

    private static CsvRow? ReadRow(int line, List<string> fields, List<ImportIssue> errors)
    {
        var where = $"line {line}";
        int before = errors.Count;
        var company = fields[0].Trim();
        var ticker = fields[1].Trim();
        var metric = fields[3].Trim();
        var valueText = fields[4].Trim();

        if (company.Length == 0 || !InputRules.IsPlainText(company))
        {
            errors.Add(new ImportIssue(where, "company must be a name on one line"));
        }

        if (!InputRules.IsValidCompanyId(ticker))
        {
            errors.Add(new ImportIssue(where, $"ticker '{ticker}' is not a company id: 1 to 64 characters of A-Z a-z 0-9 . _ -"));
        }

        if (!DateOnly.TryParseExact(fields[2].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var periodEnd))
        {
            errors.Add(new ImportIssue(where, $"period_end '{fields[2]}' is not a date (YYYY-MM-DD)"));
        }

        if (!CsvMetrics.ByName.ContainsKey(metric))
        {
            errors.Add(new ImportIssue(where, $"unknown metric '{metric}'; the accepted metrics are listed in docs/import.md"));
        }

        decimal? value = null;
        if (!string.Equals(valueText, Missing, StringComparison.OrdinalIgnoreCase))
        {
            if (decimal.TryParse(valueText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
            {
                value = parsed;
            }
            else
            {
                errors.Add(new ImportIssue(where, $"value_usd_millions '{valueText}' is neither a number (USD millions, a point for decimals, no separators) nor '{Missing}'"));
            }
        }

        return errors.Count > before ? null : new CsvRow(line, company, ticker, periodEnd, metric, value, fields[5].Trim());
    }
}

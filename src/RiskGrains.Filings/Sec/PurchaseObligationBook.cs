using System.Globalization;
using RiskGrains.Model;

namespace RiskGrains.Filings.Sec;

/// <summary>
/// The commitment made from a filer's purchase obligations by year, the closest thing in XBRL to a
/// commitment book (docs/import.md, commitments): as of the latest balance-sheet date that has a by-year
/// split, each year's amount due at the end of that year.
/// </summary>
internal static class PurchaseObligationBook
{
    /// <summary>Where the amount due after the fifth year is placed: at the end of the sixth.</summary>
    public const int AfterFifthYearMonths = 72;

    public static Commitment? Build(FactTable facts, string cik, List<ImportIssue> warnings)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(warnings);

        // The latest date with a by-year split wins; on the same date the newer concepts do.
        var latest = ObligationLadder.All
            .SelectMany((ladder, rank) => ladder.Buckets.SelectMany(b => b)
                .SelectMany(facts.Of)
                .Where(f => f.Start is null)
                .Select(f => (Ladder: ladder, Rank: rank, AsOf: f.End)))
            .OrderByDescending(x => x.AsOf)
            .ThenBy(x => x.Rank)
            .FirstOrDefault();

        if (latest.Ladder is null)
        {
            int before = warnings.Count;
            WarnTotalsNotImported(facts, null, null, warnings);
            if (warnings.Count == before)
            {
                warnings.Add(new ImportIssue("commitments", "no purchase obligations by year in the file: no commitment is imported"));
            }

            return null;
        }

        var (ladder, _, asOf) = latest;
        var used = new List<(int Bucket, XbrlFact Fact)>();
        int bucket = 0;
        foreach (var concepts in ladder.Buckets)
        {
            bucket++;
            if (concepts.Select(c => facts.Instant(c, asOf)).FirstOrDefault(f => f is not null) is { } fact)
            {
                used.Add((bucket, fact));
            }
        }

        var payments = used
            .Where(u => u.Fact.Value > 0)
            .Select(u => new DatedAmount(asOf.AddMonths(u.Bucket <= 5 ? 12 * u.Bucket : AfterFifthYearMonths), Money.FromDollars(u.Fact.Value)))
            .ToList();

        var byYear = used.Sum(u => u.Fact.Value);
        var total = facts.Instant(ladder.Total, asOf);
        if (total is not null && Math.Abs(total.Value - byYear) > Math.Abs(total.Value) / 1000)
        {
            warnings.Add(new ImportIssue("commitments",
                $"{ladder.Total} {Money.Format(Money.FromDollars(total.Value))} at {asOf:yyyy-MM-dd} differs from the sum of its years, " +
                $"{Money.Format(Money.FromDollars(byYear))}; the schedule holds the amounts by year"));
        }

        WarnTotalsNotImported(facts, asOf, total, warnings);
        if (payments.Count == 0)
        {
            warnings.Add(new ImportIssue("commitments", $"the purchase obligations by year at {asOf:yyyy-MM-dd} are all 0: no commitment is imported"));
            return null;
        }

        // No purchase-obligation concept says what is bought, so the kind stays OTHER; nothing in XBRL says
        // the obligations can be cancelled (they are disclosed because they cannot), so they are not.
        return new Commitment
        {
            Id = $"purchase-obligations-{asOf:yyyy-MM-dd}",
            Kind = CommitmentKind.Other,
            Payments = [.. payments],
            Cancellable = false,
            CancellationPenalty = 1,
            Sunk = 0,
            SalvageFraction = 0,
            Source = Source(cik, ladder, asOf, used, total),
        };
    }

    // A total without a split has no dates to pay on; the importer does not invent them. It may also be a
    // different obligation from the one scheduled (Snowflake's small unrecorded total next to its ladder).
    private static void WarnTotalsNotImported(FactTable facts, DateOnly? asOf, XbrlFact? scheduledTotal, List<ImportIssue> warnings)
    {
        foreach (var ladder in ObligationLadder.All)
        {
            var totals = facts.Of(ladder.Total)
                .Where(f => f.Start is null && (asOf is null || f.End >= asOf) && !ReferenceEquals(f, scheduledTotal) && f.Value > 0);
            foreach (var total in totals)
            {
                warnings.Add(new ImportIssue("commitments",
                    $"{ladder.Total} {Money.Format(Money.FromDollars(total.Value))} at {total.End:yyyy-MM-dd} ({total.Filing}) has no split by year " +
                    "and is not imported: its payment dates are unknown, and it may overlap the scheduled obligations"));
            }
        }
    }

    private static string Source(string cik, ObligationLadder ladder, DateOnly asOf, List<(int Bucket, XbrlFact Fact)> used, XbrlFact? total)
    {
        var filings = used.Select(u => u.Fact).Append(total).OfType<XbrlFact>()
            .GroupBy(f => f.Accession)
            .OrderByDescending(g => g.Count())
            .Select(g => g.First().Filing);
        var years = string.Join(", ", used.Select(u => $"{(u.Bucket <= 5 ? "y" + u.Bucket.ToString(CultureInfo.InvariantCulture) : "after y5")} {Money.Format(Money.FromDollars(u.Fact.Value))}"));
        var text = $"SEC companyfacts CIK {cik} us-gaap {ladder.Name} by year as of {asOf:yyyy-MM-dd}: {string.Join(", ", filings)}; {years}" +
            (total is null ? "" : $"; total {Money.Format(Money.FromDollars(total.Value))}") +
            $"; each year due at its end ({asOf:yyyy-MM-dd} + 12, 24, ... months), after year 5 at + {AfterFifthYearMonths} months; not reduced for payments made since {asOf:yyyy-MM-dd}";
        return SourceText.Fit(text);
    }
}

namespace RiskGrains.Filings.Sec;

/// <summary>
/// The fiscal years and quarters of a filer, read from the periods of its flow facts rather than from the
/// calendar or the facts' <c>fy</c>/<c>fp</c> (which describe the filing, not the period, and are sometimes
/// wrong): fiscal years need not end in December (docs/import.md, fiscal years).
/// </summary>
/// <remarks>
/// A fiscal year starts at the start of a 12-month fact, the day after the end of one, or the start of a
/// year-to-date (6- or 9-month) fact that lies in no year already known. Its quarter ends are the ends of
/// the 3-, 6-, 9- and 12-month facts from its start, and the two ends of any 3-month fact inside it.
/// </remarks>
internal sealed class FiscalCalendar
{
    private readonly SortedDictionary<DateOnly, FiscalYear> _years = [];

    public FiscalCalendar(IEnumerable<XbrlFact> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var durations = facts.Where(f => f.Months is not null).ToList();

        var starts = new SortedSet<DateOnly>();
        foreach (var annual in durations.Where(f => f.Months == 12))
        {
            starts.Add(annual.Start!.Value);
            starts.Add(annual.End.AddDays(1));
        }

        // A filer with no annual fact yet (its first 10-Qs): its year-to-date facts start its year.
        foreach (var ytd in durations.Where(f => f.Months is 6 or 9).OrderBy(f => f.Start))
        {
            var start = ytd.Start!.Value;
            if (!starts.Any(s => s <= start && start.DayNumber - s.DayNumber < 350))
            {
                starts.Add(start);
            }
        }

        foreach (var start in starts)
        {
            _years[start] = new FiscalYear(start);
        }

        // Year-to-date facts first: they fix the quarter ends that 3-month facts then only confirm.
        foreach (var fact in durations.OrderByDescending(f => f.Months))
        {
            var start = fact.Start!.Value;
            if (_years.TryGetValue(start, out var year))
            {
                year.SetQuarterEnd(fact.Months!.Value / 3, fact.End);
            }
            else if (fact.Months == 3 && YearContaining(start) is { } containing)
            {
                int index = containing.QuarterIndex(fact.End);
                containing.SetQuarterEnd(index, fact.End);
                containing.SetQuarterEnd(index - 1, start.AddDays(-1));
            }
        }

        Quarters = _years.Values
            .SelectMany(y => y.Quarters())
            .GroupBy(q => q.End)
            .Select(g => g.First())
            .OrderBy(q => q.End)
            .ToList();
    }

    /// <summary>Every quarter whose end the facts tell, oldest first.</summary>
    public IReadOnlyList<FiscalQuarter> Quarters { get; }

    public FiscalYear Year(DateOnly start) => _years[start];

    /// <summary>
    /// The number of months a duration covers, when it is 3, 6, 9 or 12 (with room for 52/53-week years:
    /// 13 or 14 weeks is 3 months); null for any other length.
    /// </summary>
    public static int? ClassifyMonths(DateOnly start, DateOnly end)
    {
        int days = end.DayNumber - start.DayNumber + 1;
        return days switch
        {
            >= 80 and <= 100 => 3,
            >= 170 and <= 196 => 6,
            >= 260 and <= 290 => 9,
            >= 350 and <= 380 => 12,
            _ => null,
        };
    }

    private FiscalYear? YearContaining(DateOnly date) =>
        _years.Values.LastOrDefault(y => y.Start < date && date <= y.End);
}

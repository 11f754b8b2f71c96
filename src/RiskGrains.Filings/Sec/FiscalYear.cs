namespace RiskGrains.Filings.Sec;

/// <summary>A fiscal year of a filer: its first day and the end of each quarter the facts tell.</summary>
internal sealed class FiscalYear(DateOnly start)
{
    private readonly DateOnly?[] _ends = new DateOnly?[5];

    public DateOnly Start { get; } = start;

    /// <summary>The last day: the fourth quarter's end, or start + 1 year − 1 day while the year is not filed.</summary>
    public DateOnly End => _ends[4] ?? Start.AddYears(1).AddDays(-1);

    /// <summary>The end of quarter <paramref name="index"/> (1..4), when known.</summary>
    public DateOnly? QuarterEnd(int index) => _ends[index];

    /// <summary>The first day of quarter <paramref name="index"/>: the year's start, or the day after the previous quarter's end.</summary>
    public DateOnly? QuarterStart(int index) =>
        index == 1 ? Start : _ends[index - 1]?.AddDays(1);

    /// <summary>Records the end of quarter <paramref name="index"/> unless one is already known.</summary>
    public void SetQuarterEnd(int index, DateOnly end)
    {
        if (index is >= 1 and <= 4)
        {
            _ends[index] ??= end;
        }
    }

    /// <summary>
    /// Which quarter of this year a period from the year's start to <paramref name="end"/> closes: its
    /// length in quarters of 91.3 days, rounded, so 52/53-week quarters of 13 or 14 weeks count too.
    /// </summary>
    public int QuarterIndex(DateOnly end) =>
        (int)Math.Round((end.DayNumber - Start.DayNumber + 1) / 91.3125, MidpointRounding.AwayFromZero);

    public IEnumerable<FiscalQuarter> Quarters()
    {
        for (int k = 1; k <= 4; k++)
        {
            if (_ends[k] is { } end)
            {
                yield return new FiscalQuarter(Start, End, k, QuarterStart(k), end);
            }
        }
    }
}

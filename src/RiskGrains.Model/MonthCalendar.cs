namespace RiskGrains.Model;

/// <summary>
/// Maps calendar dates to the months after t0 (RISK-MODEL: month m is (t0 + (m-1) months, t0 + m months],
/// where adding months clamps the day to the end of shorter months).
/// </summary>
internal readonly struct MonthCalendar
{
    private readonly DateOnly _t0;
    private readonly int _monthNumber;
    private readonly int _day;

    public MonthCalendar(DateOnly t0)
    {
        _t0 = t0;
        t0.Deconstruct(out int year, out int month, out _day);
        _monthNumber = (year * 12) + month;
    }

    /// <summary>The month a date falls in; dates on or before t0 count in month 1 (RISK-MODEL §1).</summary>
    public int MonthIndex(DateOnly date)
    {
        if (date <= _t0)
        {
            return 1;
        }

        // t0 + diff months lands in the date's calendar month on day min(t0.day, days in that month);
        // the date is on or before it exactly when its day is at most t0's day.
        date.Deconstruct(out int year, out int month, out int day);
        int diff = (year * 12) + month - _monthNumber;
        return day <= _day ? diff : diff + 1;
    }

    public static int MonthIndex(DateOnly t0, DateOnly date) => new MonthCalendar(t0).MonthIndex(date);
}

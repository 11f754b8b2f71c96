using System.Runtime.CompilerServices;

namespace RiskGrains.Model;

/// <summary>
/// Maps calendar dates to the months after t0 (docs/risk-model.md, conventions: month m is (t0 + (m-1) months, t0 + m months],
/// where adding months clamps the day to the end of shorter months).
/// </summary>
/// <remarks>
/// The day numbers of t0 + m months for m = 0..60 are tabulated once, so placing a date inside the
/// runway horizon is a table lookup rather than a day-number to year/month/day conversion.
/// </remarks>
internal readonly struct MonthCalendar
{
    /// <summary>Months tabulated after t0: the runway horizon (docs/risk-model.md §2.2).</summary>
    public const int TabulatedMonths = RiskModel.RunwayHorizonMonths;

    private readonly int _monthNumber;
    private readonly int _day;
    private readonly MonthEnds _ends;

    public MonthCalendar(DateOnly t0)
    {
        t0.Deconstruct(out int year, out int month, out _day);
        _monthNumber = (year * 12) + month;

        // Walk month by month from the first of t0's month; each boundary keeps t0's day, clamped.
        int firstOfMonth = t0.DayNumber - _day + 1;
        for (int m = 0; m <= TabulatedMonths; m++)
        {
            if (year > DateOnly.MaxValue.Year)
            {
                // The horizon runs past the calendar's end: every later date takes the arithmetic path.
                _ends[TabulatedMonths] = int.MinValue;
                break;
            }

            int daysInMonth = month == 2 && DateTime.IsLeapYear(year) ? 29 : DaysInMonth[month - 1];
            _ends[m] = firstOfMonth + Math.Min(_day, daysInMonth) - 1;
            firstOfMonth += daysInMonth;
            if (++month > 12)
            {
                month = 1;
                year++;
            }
        }
    }

    /// <summary>The month a date falls in; dates on or before t0 count in month 1 (docs/risk-model.md §1).</summary>
    /// <remarks>Inlined by request: it runs once per payment, and the large callers exhaust the JIT's inlining budget.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int MonthIndex(DateOnly date)
    {
        int day = date.DayNumber;
        if (day <= _ends[0])
        {
            return 1;
        }

        if (day > _ends[TabulatedMonths])
        {
            return MonthIndexBeyondTable(date);
        }

        // (days - 1) × 12 / 367 + 1 is the month or the one before it, for every t0 (checked over whole
        // leap cycles, 2100 included): one comparison, no search, no branch to mispredict.
        int m = ((day - _ends[0] - 1) * 12 / 367) + 1;
        return _ends[m] < day ? m + 1 : m;
    }

    public static int MonthIndex(DateOnly t0, DateOnly date) => new MonthCalendar(t0).MonthIndex(date);

    // t0 + diff months lands in the date's calendar month on day min(t0.day, days in that month);
    // the date is on or before it exactly when its day is at most t0's day.
    private int MonthIndexBeyondTable(DateOnly date)
    {
        date.Deconstruct(out int year, out int month, out int day);
        int diff = (year * 12) + month - _monthNumber;
        return day <= _day ? diff : diff + 1;
    }

    private static ReadOnlySpan<byte> DaysInMonth => [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    /// <summary>Day numbers of t0 + m months, m = 0..60.</summary>
    [InlineArray(TabulatedMonths + 1)]
    private struct MonthEnds
    {
        private int _element;
    }
}

namespace RiskGrains.Filings.Sec;

/// <summary>
/// Turns a concept's reported flows into fiscal quarters (docs/import.md, quarters). 10-Q cash-flow
/// statements are year-to-date only: Q2 = H1 − Q1, Q3 = 9M − H1, Q4 = FY − 9M, always from facts with the
/// same start. A quarter reported on its own (a 3-month fact) is taken as reported.
/// </summary>
/// <remarks>
/// Within a fiscal year, with C(k) the year-to-date value to the end of quarter k (C(0) = 0) and q(k) the
/// quarter, every pair of C(k), C(k−1), q(k) gives the third, and the rules are applied until nothing new
/// follows. So a missing H1 is recovered as 9M − Q3 when the 10-Q gave the third quarter alone.
/// </remarks>
internal sealed class QuarterFlows(FactTable facts, FiscalCalendar calendar)
{
    /// <summary>The concept's value for the quarter, or null when the facts do not determine it.</summary>
    public FactValue? Quarter(string concept, FiscalQuarter quarter)
    {
        ArgumentNullException.ThrowIfNull(quarter);
        var year = calendar.Year(quarter.FiscalYearStart);
        var cumulative = new FactValue?[5];
        var single = new FactValue?[5];
        cumulative[0] = FactValue.Zero;

        for (int k = 1; k <= 4; k++)
        {
            if (year.QuarterEnd(k) is not { } end)
            {
                continue;
            }

            if (facts.Duration(concept, year.Start, end) is { } ytd)
            {
                cumulative[k] = FactValue.Of(ytd, YearToDateLabel(k));
            }

            if (k > 1 && year.QuarterStart(k) is { } start && facts.Duration(concept, start, end) is { } alone)
            {
                single[k] = FactValue.Of(alone, $"Q{k}");
            }
        }

        single[1] = cumulative[1];
        Solve(cumulative, single);
        return single[quarter.Index];
    }

    private static string YearToDateLabel(int quarters) => quarters switch
    {
        1 => "Q1",
        2 => "H1",
        3 => "9M",
        _ => "FY",
    };

    // Reported values are set first and never replaced: a derived value only fills a gap.
    private static void Solve(FactValue?[] cumulative, FactValue?[] single)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int k = 1; k <= 4; k++)
            {
                if (single[k] is null && cumulative[k] is { } upTo && cumulative[k - 1] is { } before)
                {
                    single[k] = upTo.Minus(before);
                    changed = true;
                }

                if (cumulative[k] is null && cumulative[k - 1] is { } previous && single[k] is { } quarter)
                {
                    cumulative[k] = previous.Plus(quarter);
                    changed = true;
                }

                if (k > 1 && cumulative[k - 1] is null && cumulative[k] is { } through && single[k] is { } last)
                {
                    cumulative[k - 1] = through.Minus(last);
                    changed = true;
                }
            }
        }
    }
}

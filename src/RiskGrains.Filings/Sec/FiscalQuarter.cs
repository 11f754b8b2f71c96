namespace RiskGrains.Filings.Sec;

/// <summary>One fiscal quarter found in a filer's facts.</summary>
/// <param name="FiscalYearStart">The first day of its fiscal year.</param>
/// <param name="FiscalYearEnd">The last day of its fiscal year (estimated as start + 1 year − 1 day while no annual fact is filed).</param>
/// <param name="Index">1 to 4.</param>
/// <param name="Start">Its first day, when the facts tell it (they do not when the previous quarter's end is unknown).</param>
/// <param name="End">Its last day: the period end of the financial period made from it.</param>
internal sealed record FiscalQuarter(DateOnly FiscalYearStart, DateOnly FiscalYearEnd, int Index, DateOnly? Start, DateOnly End)
{
    /// <summary>As sources name it: <c>FY2025 Q3</c>, the fiscal year named by the calendar year it ends in.</summary>
    public string Label => $"FY{FiscalYearEnd.Year} Q{Index}";
}

namespace RiskGrains.Filings.Sec;

/// <summary>One reported value of a companyfacts file, in dollars: an instant (a balance) or a duration (a flow).</summary>
/// <param name="Start">The first day of a duration; null for an instant.</param>
/// <param name="End">The last day of a duration, or the instant's date.</param>
/// <param name="Accession">The accession number of the filing that reported it (<c>accn</c>).</param>
internal sealed record XbrlFact(
    string Concept,
    DateOnly? Start,
    DateOnly End,
    decimal Value,
    string Accession,
    string Form,
    DateOnly Filed)
{
    /// <summary>The length of a duration in whole quarters' months (3, 6, 9, 12), or null (an instant, or another length).</summary>
    public int? Months => Start is { } start ? FiscalCalendar.ClassifyMonths(start, End) : null;

    /// <summary>The filing as sources name it: <c>10-Q 0001640147-24-000207 filed 2024-08-29</c>.</summary>
    public string Filing => $"{Form} {Accession} filed {Filed:yyyy-MM-dd}";

    /// <summary>
    /// True when this fact supersedes <paramref name="other"/> for the same concept and period: the later
    /// filing wins; on the same day an amendment (10-K/A) wins, then the higher accession number.
    /// </summary>
    public bool Supersedes(XbrlFact other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Filed != other.Filed)
        {
            return Filed > other.Filed;
        }

        bool amended = Form.EndsWith("/A", StringComparison.Ordinal);
        bool otherAmended = other.Form.EndsWith("/A", StringComparison.Ordinal);
        if (amended != otherAmended)
        {
            return amended;
        }

        return string.CompareOrdinal(Accession, other.Accession) > 0;
    }
}

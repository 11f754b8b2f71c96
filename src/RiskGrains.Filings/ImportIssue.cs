namespace RiskGrains.Filings;

/// <summary>
/// Something an import noticed: a warning (a missing field, an unscheduled figure) or an error (a line of
/// the file, or a produced input the model's rules refuse).
/// </summary>
/// <param name="Where">What it is about: <c>line 12</c>, <c>short_term_debt</c>, <c>periods[2024-07-31].capex</c>.</param>
/// <param name="Message">What is wrong and what the import did about it.</param>
public readonly record struct ImportIssue(string Where, string Message)
{
    public override string ToString() => $"{Where}: {Message}";
}

namespace RiskGrains.Filings.Csv;

/// <summary>One figure of the long CSV format, as read and checked.</summary>
/// <param name="Line">Its line in the file, the header being line 1.</param>
/// <param name="Value">USD millions; null when the file says <c>missing</c>.</param>
internal sealed record CsvRow(int Line, string Company, string Ticker, DateOnly PeriodEnd, string Metric, decimal? Value, string Source);

namespace RiskGrains.Filings.Csv;

/// <summary>What the importer does with a metric of the long CSV format (docs/import.md, CSV).</summary>
internal enum CsvMetricUse
{
    /// <summary>A figure of the period at its date: a balance, or a 12-month flow (<c>_fy</c>, <c>_ttm</c>).</summary>
    Period,

    /// <summary>A commitment total, scheduled by rule P or L of data/sample/README.md.</summary>
    Commitment,

    /// <summary>Accepted and left out, for the reason given (data/sample/README.md, "Left out").</summary>
    NotUsed,
}

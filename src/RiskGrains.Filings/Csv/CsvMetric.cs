using RiskGrains.Model;

namespace RiskGrains.Filings.Csv;

/// <summary>One accepted metric name of the long CSV format.</summary>
/// <param name="Meaning">What it feeds, or why it is not used: docs/import.md lists the same.</param>
/// <param name="Kind">For a commitment: the commitment's kind.</param>
/// <param name="LeaseSchedule">For a commitment: rule L (leases not yet commenced) rather than rule P.</param>
internal sealed record CsvMetric(string Name, CsvMetricUse Use, string Meaning, CommitmentKind Kind = CommitmentKind.Other, bool LeaseSchedule = false);

using System.Collections.Immutable;

namespace RiskGrains.Filings.Sec;

/// <summary>What the importer reads from a companyfacts file: the filer and its USD facts of the mapped concepts.</summary>
/// <param name="Cik">The filer's CIK, without leading zeros.</param>
/// <param name="EntityName">As EDGAR spells it (<c>SNOWFLAKE INC.</c>).</param>
internal sealed record CompanyFacts(string Cik, string EntityName, FactTable Facts, ImmutableArray<ImportIssue> Warnings);

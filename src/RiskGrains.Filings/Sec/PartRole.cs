namespace RiskGrains.Filings.Sec;

/// <summary>How much a field needs one of its parts (docs/import.md, mapping).</summary>
internal enum PartRole
{
    /// <summary>Without it the field is missing: EBITDA needs operating income.</summary>
    Required,

    /// <summary>The field is computed without it, with a warning: EBITDA without D&amp;A is operating income alone.</summary>
    Expected,

    /// <summary>Often absent for good reason (no commercial paper, no dividends): no warning.</summary>
    Optional,
}

using System.Collections.Immutable;

namespace RiskGrains.Filings;

/// <summary>
/// A file the importer will not turn into inputs at all: another taxonomy, another currency, a line it
/// cannot read, an unknown metric. Nothing is imported; <see cref="Issues"/> says why, each with its place.
/// </summary>
public sealed class ImportRefusedException : Exception
{
    public ImportRefusedException(IEnumerable<ImportIssue> issues)
        : this(issues.ToImmutableArray())
    {
    }

    public ImportRefusedException(string where, string message)
        : this([new ImportIssue(where, message)])
    {
    }

    private ImportRefusedException(ImmutableArray<ImportIssue> issues)
        : base(Describe(issues)) => Issues = issues;

    /// <summary>Every reason, in file order.</summary>
    public ImmutableArray<ImportIssue> Issues { get; }

    private static string Describe(ImmutableArray<ImportIssue> issues) =>
        issues.IsDefaultOrEmpty ? "the file was refused" : "the file was refused: " + string.Join("; ", issues);
}

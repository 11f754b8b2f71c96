namespace RiskGrains.Grains;

/// <summary>
/// Where a directory keeps its rows, one per company, so that a change writes only the rows it
/// touches, whatever the number of companies. Rows are keyed by the directory's grain id and the company id.
/// </summary>
public interface ICompanyDirectoryStore
{
    /// <summary>Every stored row of <paramref name="directory"/>, in no particular order.</summary>
    Task<IReadOnlyList<CompanyListing>> ReadAll(GrainId directory, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces <paramref name="rows"/> in one write; completes once they are durable.</summary>
    Task Upsert(GrainId directory, IReadOnlyCollection<CompanyListing> rows);
}

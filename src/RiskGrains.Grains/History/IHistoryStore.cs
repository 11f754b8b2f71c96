namespace RiskGrains.Grains;

/// <summary>
/// Where the points of every company's history are kept (SQLite beside the grain state, or Redis).
/// Points are keyed by company and version, so appending a point again (a retry) keeps one copy.
/// </summary>
public interface IHistoryStore
{
    /// <summary>Stores <paramref name="points"/>, of any companies, in one write; completes once they are durable.</summary>
    Task Append(IReadOnlyCollection<HistoryPoint> points);

    /// <summary>A company's points with <paramref name="from"/> ≤ time &lt; <paramref name="to"/> (unset: unbounded), by version.</summary>
    Task<IReadOnlyList<HistoryPoint>> Read(string companyId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps at most <paramref name="maxPointsPerCompany"/> newest points of each of <paramref name="companyIds"/>,
    /// and removes every company's points older than <paramref name="olderThan"/>. Returns how many were removed.
    /// </summary>
    Task<long> Trim(IReadOnlyCollection<string> companyIds, int maxPointsPerCompany, DateTimeOffset olderThan);
}

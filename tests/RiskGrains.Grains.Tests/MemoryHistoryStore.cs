namespace RiskGrains.Grains.Tests;

/// <summary>
/// History points in memory, one instance for every silo of the test cluster. It can refuse the
/// points of one company, for the tests of what a store that refuses does to a write.
/// </summary>
public sealed class MemoryHistoryStore : IHistoryStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<ulong, HistoryPoint>> _points = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);

    /// <summary>Appends made so far, each with its points.</summary>
    public List<HistoryPoint[]> Appends { get; } = [];

    /// <summary>Until <see cref="Accept"/>, appends holding a point of <paramref name="companyId"/> throw.</summary>
    public void Refuse(string companyId)
    {
        lock (_lock)
        {
            _refused.Add(companyId);
        }
    }

    public void Accept(string companyId)
    {
        lock (_lock)
        {
            _refused.Remove(companyId);
        }
    }

    public Task Append(IReadOnlyCollection<HistoryPoint> points)
    {
        lock (_lock)
        {
            if (points.Any(p => _refused.Contains(p.CompanyId)))
            {
                return Task.FromException(new IOException("the history store is away"));
            }

            foreach (var point in points)
            {
                Of(point.CompanyId)[point.Version] = point;
            }

            Appends.Add([.. points]);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HistoryPoint>> Read(string companyId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<HistoryPoint>>(
                [.. Of(companyId).Values.Where(p => (from is null || p.Time >= from) && (to is null || p.Time < to))]);
        }
    }

    public Task<long> Trim(IReadOnlyCollection<string> companyIds, int maxPointsPerCompany, DateTimeOffset olderThan)
    {
        long removed = 0;
        lock (_lock)
        {
            foreach (var id in companyIds)
            {
                var points = Of(id);
                foreach (var version in points.Keys.Take(Math.Max(0, points.Count - maxPointsPerCompany)).ToList())
                {
                    removed += points.Remove(version) ? 1 : 0;
                }
            }

            foreach (var points in _points.Values)
            {
                foreach (var old in points.Values.Where(p => p.Time < olderThan).ToList())
                {
                    removed += points.Remove(old.Version) ? 1 : 0;
                }
            }
        }

        return Task.FromResult(removed);
    }

    private SortedDictionary<ulong, HistoryPoint> Of(string companyId)
    {
        if (!_points.TryGetValue(companyId, out var points))
        {
            _points[companyId] = points = [];
        }

        return points;
    }
}

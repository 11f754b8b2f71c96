using RiskGrains.Grains;
using StackExchange.Redis;

namespace RiskGrains.Server.Storage;

/// <summary>
/// History points in cluster mode: one sorted set per company (score = the point's time in Unix
/// microseconds, member = the point's JSON, which holds its version), and one set naming the companies
/// that have points, for the retention by age. A batch of points of any companies is one round trip
/// (pipelined ZADDs and an SADD), acknowledged by Redis as the grain state writes are.
/// </summary>
public sealed class RedisHistoryStore(ConfigurationOptions options, string serviceId) : IHistoryStore, IAsyncDisposable
{
    private const int ScanPageSize = 1000;

    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectionMultiplexer.ConnectAsync(options));

    public async Task Append(IReadOnlyCollection<HistoryPoint> points)
    {
        if (points.Count == 0)
        {
            return;
        }

        var db = await Database();
        var batch = db.CreateBatch();
        var writes = new List<Task>(points.Count + 1);
        foreach (var company in points.GroupBy(p => p.CompanyId, StringComparer.Ordinal))
        {
            var entries = company.Select(p => new SortedSetEntry(HistoryPointCodec.Encode(p), Score(p.Time))).ToArray();
            writes.Add(batch.SortedSetAddAsync(Key(company.Key), entries));
        }

        writes.Add(batch.SetAddAsync(CompaniesKey, [.. points.Select(p => (RedisValue)p.CompanyId).Distinct()]));
        batch.Execute();
        await Task.WhenAll(writes);
    }

    public async Task<IReadOnlyList<HistoryPoint>> Read(string companyId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default)
    {
        var db = await Database();
        var members = await db.SortedSetRangeByScoreAsync(
            Key(companyId),
            from is { } f ? Score(f) : double.NegativeInfinity,
            to is { } t ? Score(t) : double.PositiveInfinity);

        // Scores are whole microseconds; the exact range is checked on the points themselves.
        return members
            .Select(m => HistoryPointCodec.Decode((byte[])m!))
            .Where(p => (from is null || p.Time >= from) && (to is null || p.Time < to))
            .OrderBy(p => p.Version)
            .ToList();
    }

    public async Task<long> Trim(IReadOnlyCollection<string> companyIds, int maxPointsPerCompany, DateTimeOffset olderThan)
    {
        var db = await Database();
        long removed = 0;
        foreach (var chunk in companyIds.Chunk(ScanPageSize))
        {
            var batch = db.CreateBatch();
            var trims = chunk.Select(id => batch.SortedSetRemoveRangeByRankAsync(Key(id), 0, -(maxPointsPerCompany + 1))).ToArray();
            batch.Execute();
            removed += (await Task.WhenAll(trims)).Sum();
        }

        var cutoff = Score(olderThan);
        var page = new List<RedisValue>(ScanPageSize);
        await foreach (var id in db.SetScanAsync(CompaniesKey, pageSize: ScanPageSize))
        {
            page.Add(id);
            if (page.Count == ScanPageSize)
            {
                removed += await TrimOlder(db, page, cutoff);
                page.Clear();
            }
        }

        return removed + await TrimOlder(db, page, cutoff);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            var connecting = _connection.Value;
            await ((Task)connecting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (connecting.IsCompletedSuccessfully)
            {
                await connecting.Result.DisposeAsync();
            }
        }
    }

    private async Task<long> TrimOlder(IDatabase db, List<RedisValue> companies, double cutoff)
    {
        if (companies.Count == 0)
        {
            return 0;
        }

        var batch = db.CreateBatch();
        var trims = companies.Select(id => batch.SortedSetRemoveRangeByScoreAsync(Key(id!), double.NegativeInfinity, cutoff, Exclude.Stop)).ToArray();
        batch.Execute();
        return (await Task.WhenAll(trims)).Sum();
    }

    private static double Score(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private RedisKey Key(string companyId) => $"{serviceId}/history/{companyId}";

    private RedisKey CompaniesKey => $"{serviceId}/history-companies";

    private async Task<IDatabase> Database() => (await _connection.Value).GetDatabase();
}

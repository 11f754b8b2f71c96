using RiskGrains.Grains;
using StackExchange.Redis;

namespace RiskGrains.Server.Storage;

/// <summary>
/// Alerts in cluster mode: a sorted set of alerts scored by sequence (member: the sequence and the alert's JSON), a
/// sorted set of their sequences by time (for the retention by age), a counter giving the sequences, and a hash of
/// fired marks by rule and company. A firing is one Lua script, so the
/// check, the sequence, the alert and the mark are one atomic step whichever silo runs it, and what a reader sees is
/// always every sequence up to the newest.
/// </summary>
public sealed class RedisAlertStore(ConfigurationOptions options, string serviceId) : IAlertEventStore, IAsyncDisposable
{
    private const int PageSize = 1000;

    private static readonly LuaScript FireScript = LuaScript.Prepare("""
        local marked = redis.call('HGET', @edges, @pair)
        if marked and tonumber(marked) >= tonumber(@revision) then return false end
        local sequence = redis.call('INCR', @sequence)
        redis.call('ZADD', @events, sequence, sequence .. ' ' .. @payload)
        redis.call('ZADD', @times, @time, sequence)
        redis.call('HSET', @edges, @pair, @revision)
        return sequence
        """);

    private static readonly LuaScript RearmScript = LuaScript.Prepare("""
        local marked = redis.call('HGET', @edges, @pair)
        if marked and tonumber(marked) <= tonumber(@revision) then redis.call('HDEL', @edges, @pair) end
        return 0
        """);

    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectionMultiplexer.ConnectAsync(options));

    private RedisKey EventsKey => $"{serviceId}/alerts/events";

    private RedisKey SequenceKey => $"{serviceId}/alerts/sequence";

    private RedisKey EdgesKey => $"{serviceId}/alerts/edges";

    private RedisKey TimesKey => $"{serviceId}/alerts/times";

    public async Task<AlertEvent?> Fire(AlertEvent firing, ulong revision)
    {
        var db = await Database();
        var result = await db.ScriptEvaluateAsync(FireScript, new
        {
            edges = EdgesKey,
            sequence = SequenceKey,
            events = EventsKey,
            times = TimesKey,
            time = Score(firing.Time),
            pair = Pair(firing.RuleId, firing.CompanyId),
            revision = (long)revision,
            payload = (RedisValue)AlertEventCodec.Encode(firing with { Sequence = 0 }),
        });
        return result.IsNull ? null : firing with { Sequence = (ulong)result };
    }

    public async Task Rearm(string ruleId, string companyId, ulong revision)
    {
        var db = await Database();
        await db.ScriptEvaluateAsync(RearmScript, new { edges = EdgesKey, pair = Pair(ruleId, companyId), revision = (long)revision });
    }

    public async Task<IReadOnlyList<AlertEvent>> Read(ulong afterSequence, int max, CancellationToken cancellationToken = default)
    {
        var db = await Database();
        var members = await db.SortedSetRangeByScoreAsync(EventsKey, afterSequence, double.PositiveInfinity, Exclude.Start, take: max);
        return [.. members.Select(Decode)];
    }

    public async Task<ulong> LastSequence()
    {
        var db = await Database();
        var last = await db.StringGetAsync(SequenceKey);
        return last.IsNull ? 0 : (ulong)last;
    }

    public async Task<long> Trim(int maxEvents, DateTimeOffset olderThan)
    {
        var db = await Database();
        long removed = 0;
        var excess = await db.SortedSetLengthAsync(EventsKey) - maxEvents;
        while (excess > 0)
        {
            var oldest = await db.SortedSetRangeByRankWithScoresAsync(EventsKey, 0, Math.Min(excess, PageSize) - 1);
            removed += await Remove(db, [.. oldest.Select(e => (RedisValue)(long)e.Score)]);
            excess -= oldest.Length;
        }

        while (true)
        {
            var expired = await db.SortedSetRangeByScoreAsync(TimesKey, double.NegativeInfinity, Score(olderThan), Exclude.Stop, take: PageSize);
            if (expired.Length == 0)
            {
                return removed;
            }

            removed += await Remove(db, expired);
        }
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

    // Each alert's sequence, by its time in Unix microseconds (the retention by age).
    private static double Score(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private async Task<long> Remove(IDatabase db, RedisValue[] sequences)
    {
        var batch = db.CreateBatch();
        var removals = sequences.Select(s => batch.SortedSetRemoveRangeByScoreAsync(EventsKey, (double)s, (double)s)).ToArray();
        var times = batch.SortedSetRemoveAsync(TimesKey, sequences);
        batch.Execute();
        await times;
        return (await Task.WhenAll(removals)).Sum();
    }

    private static RedisValue Pair(string ruleId, string companyId) => $"{ruleId}/{companyId}";

    private static AlertEvent Decode(RedisValue member)
    {
        var bytes = (ReadOnlySpan<byte>)(byte[])member!;
        var space = bytes.IndexOf((byte)' ');
        var sequence = ulong.Parse(bytes[..space]);
        return AlertEventCodec.Decode(bytes[(space + 1)..]) with { Sequence = sequence };
    }

    private async Task<IDatabase> Database() => (await _connection.Value).GetDatabase();
}

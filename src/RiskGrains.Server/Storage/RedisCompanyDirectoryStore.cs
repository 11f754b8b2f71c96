using RiskGrains.Grains;
using StackExchange.Redis;

namespace RiskGrains.Server.Storage;

/// <summary>
/// Directory rows in cluster mode: one Redis hash per directory (field = company id, value = the
/// row's JSON), keyed under the service id like the grain state. A write is one HSET of the
/// changed rows, acknowledged by Redis as the grain state writes are.
/// </summary>
public sealed class RedisCompanyDirectoryStore(ConfigurationOptions options, string serviceId) : ICompanyDirectoryStore, IAsyncDisposable
{
    // Pages of an incremental scan: one HGETALL of a hundred thousand rows would hold Redis for its whole reply.
    private const int ScanPageSize = 1000;

    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectionMultiplexer.ConnectAsync(options));

    public async Task<IReadOnlyList<CompanyListing>> ReadAll(GrainId directory, CancellationToken cancellationToken = default)
    {
        var db = await Database();
        var rows = new List<CompanyListing>();
        await foreach (var entry in db.HashScanAsync(Key(directory), pageSize: ScanPageSize).WithCancellation(cancellationToken))
        {
            rows.Add(DirectoryRow.Decode((byte[])entry.Value!));
        }

        return rows;
    }

    public async Task Upsert(GrainId directory, IReadOnlyCollection<CompanyListing> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entries = rows.Select(row => new HashEntry(row.CompanyId, DirectoryRow.Encode(row))).ToArray();
        var db = await Database();
        await db.HashSetAsync(Key(directory), entries);
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

    // Beside the directory's grain state key, {service}/directory/{grain}.
    private RedisKey Key(GrainId directory) => $"{serviceId}/directory-rows/{directory}";

    private async Task<IDatabase> Database() => (await _connection.Value).GetDatabase();
}

using Microsoft.Data.Sqlite;
using RiskGrains.Grains;

namespace RiskGrains.Server.Storage;

/// <summary>
/// History points in the embedded store: one row of <c>history_point</c> per company and version
/// (time in ticks, the point as JSON), written through the database's writer, so a batch of points
/// shares the group commit of whatever grain state arrived with it and is on disk when it returns.
/// </summary>
public sealed class SqliteHistoryStore(SqliteDatabase database) : IHistoryStore
{
    // Companies trimmed by one write: the writer thread serves every other write between them.
    private const int TrimChunk = 500;

    public Task Append(IReadOnlyCollection<HistoryPoint> points)
    {
        // Encoded here, on the caller's thread: the writer thread only binds and steps.
        var rows = points.Select(p => (p.CompanyId, Version: checked((long)p.Version), p.Time.UtcTicks, Payload: HistoryPointCodec.Encode(p))).ToArray();
        return database.Write((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO history_point (company_id, version, time, payload) VALUES ($company, $version, $time, $payload)
                ON CONFLICT (company_id, version) DO UPDATE SET time = excluded.time, payload = excluded.payload
                """;
            var company = command.Parameters.Add("$company", SqliteType.Text);
            var version = command.Parameters.Add("$version", SqliteType.Integer);
            var time = command.Parameters.Add("$time", SqliteType.Integer);
            var payload = command.Parameters.Add("$payload", SqliteType.Blob);
            foreach (var row in rows)
            {
                (company.Value, version.Value, time.Value, payload.Value) = (row.CompanyId, row.Version, row.UtcTicks, row.Payload);
                command.ExecuteNonQuery();
            }

            return rows.Length;
        });
    }

    public async Task<IReadOnlyList<HistoryPoint>> Read(string companyId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT payload FROM history_point
            WHERE company_id = $company AND time >= $from AND time < $to
            ORDER BY version
            """;
        command.Parameters.AddWithValue("$company", companyId);
        command.Parameters.AddWithValue("$from", from?.UtcTicks ?? long.MinValue);
        command.Parameters.AddWithValue("$to", to?.UtcTicks ?? long.MaxValue);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var points = new List<HistoryPoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            points.Add(HistoryPointCodec.Decode((byte[])reader.GetValue(0)));
        }

        return points;
    }

    public async Task<long> Trim(IReadOnlyCollection<string> companyIds, int maxPointsPerCompany, DateTimeOffset olderThan)
    {
        long removed = 0;
        foreach (var chunk in companyIds.Chunk(TrimChunk))
        {
            removed += await database.Write((connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    DELETE FROM history_point WHERE company_id = $company AND version <
                        (SELECT version FROM history_point WHERE company_id = $company ORDER BY version DESC LIMIT 1 OFFSET $keep - 1)
                    """;
                var company = command.Parameters.Add("$company", SqliteType.Text);
                command.Parameters.AddWithValue("$keep", maxPointsPerCompany);
                long count = 0;
                foreach (var id in chunk)
                {
                    company.Value = id;
                    count += command.ExecuteNonQuery();
                }

                return count;
            });
        }

        removed += await database.Write((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM history_point WHERE time < $cutoff";
            command.Parameters.AddWithValue("$cutoff", olderThan.UtcTicks);
            return (long)command.ExecuteNonQuery();
        });
        return removed;
    }
}

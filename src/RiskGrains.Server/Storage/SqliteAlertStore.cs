using Microsoft.Data.Sqlite;
using RiskGrains.Grains;

namespace RiskGrains.Server.Storage;

/// <summary>
/// Alerts in the embedded store: <c>alert_event</c>, one row per alert (its sequence the table's AUTOINCREMENT key, so
/// a sequence is never given twice, even after retention removed the newest), and <c>alert_edge</c>, the fired mark
/// of each rule and company. A firing checks the mark, appends the alert and sets the mark in one write of the
/// database's writer, which commits in order: what a reader sees is always every sequence up to the newest.
/// </summary>
public sealed class SqliteAlertStore(SqliteDatabase database) : IAlertEventStore
{
    public Task<AlertEvent?> Fire(AlertEvent firing, ulong revision)
    {
        var payload = AlertEventCodec.Encode(firing with { Sequence = 0 });
        var rev = checked((long)revision);
        return database.Write<AlertEvent?>((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT revision FROM alert_edge WHERE rule_id = $rule AND company_id = $company";
            command.Parameters.AddWithValue("$rule", firing.RuleId);
            command.Parameters.AddWithValue("$company", firing.CompanyId);
            if (command.ExecuteScalar() is long marked && marked >= rev)
            {
                return null;
            }

            command.CommandText = "INSERT INTO alert_event (time, payload) VALUES ($time, $payload) RETURNING sequence";
            command.Parameters.AddWithValue("$time", firing.Time.UtcTicks);
            command.Parameters.AddWithValue("$payload", payload);
            var sequence = (long)command.ExecuteScalar()!;
            command.CommandText = """
                INSERT INTO alert_edge (rule_id, company_id, revision) VALUES ($rule, $company, $revision)
                ON CONFLICT (rule_id, company_id) DO UPDATE SET revision = excluded.revision
                """;
            command.Parameters.AddWithValue("$revision", rev);
            command.ExecuteNonQuery();
            return firing with { Sequence = (ulong)sequence };
        });
    }

    public Task Rearm(string ruleId, string companyId, ulong revision) =>
        database.Write((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM alert_edge WHERE rule_id = $rule AND company_id = $company AND revision <= $revision";
            command.Parameters.AddWithValue("$rule", ruleId);
            command.Parameters.AddWithValue("$company", companyId);
            command.Parameters.AddWithValue("$revision", checked((long)revision));
            return command.ExecuteNonQuery();
        });

    public async Task<IReadOnlyList<AlertEvent>> Read(ulong afterSequence, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, payload FROM alert_event WHERE sequence > $after ORDER BY sequence LIMIT $max";
        command.Parameters.AddWithValue("$after", afterSequence > long.MaxValue ? long.MaxValue : (long)afterSequence);
        command.Parameters.AddWithValue("$max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var alerts = new List<AlertEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(AlertEventCodec.Decode((byte[])reader.GetValue(1)) with { Sequence = (ulong)reader.GetInt64(0) });
        }

        return alerts;
    }

    public async Task<ulong> LastSequence()
    {
        await using var connection = await database.OpenReaderAsync();
        await using var command = connection.CreateCommand();
        // sqlite_sequence keeps the highest key ever given, also once retention removed it.
        command.CommandText = "SELECT seq FROM sqlite_sequence WHERE name = 'alert_event'";
        return await command.ExecuteScalarAsync() is long last ? (ulong)last : 0;
    }

    public Task<long> Trim(int maxEvents, DateTimeOffset olderThan) =>
        database.Write((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                DELETE FROM alert_event WHERE sequence <= (SELECT MAX(sequence) FROM alert_event) - $keep OR time < $cutoff
                """;
            command.Parameters.AddWithValue("$keep", maxEvents);
            command.Parameters.AddWithValue("$cutoff", olderThan.UtcTicks);
            return (long)command.ExecuteNonQuery();
        });
}

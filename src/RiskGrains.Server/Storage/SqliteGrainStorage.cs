using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Storage;
using RiskGrains.Grains;

namespace RiskGrains.Server.Storage;

/// <summary>
/// Grain state in the embedded store: one row of <c>grain_state</c> per grain and state name,
/// with an etag that catches a second activation writing over the first. Writes share the
/// database's group commit, so a write that returned is on disk.
/// </summary>
public sealed class SqliteGrainStorage(SqliteDatabase database) : IGrainStorage
{
    private readonly IGrainStorageSerializer _serializer = JsonGrainStateSerializer.Instance;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await database.OpenReaderAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, payload FROM grain_state WHERE grain_id = $id AND state_name = $name";
        command.Parameters.AddWithValue("$id", grainId.ToString());
        command.Parameters.AddWithValue("$name", stateName);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.RecordExists = false;
            grainState.ETag = null;
            return;
        }

        var etag = reader.GetInt64(0);
        var payload = (byte[])reader.GetValue(1);
        grainState.State = _serializer.Deserialize<T>(BinaryData.FromBytes(payload));
        grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = _serializer.Serialize(grainState.State).ToArray();
        var id = grainId.ToString();
        var expected = grainState.ETag is null ? 0 : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var etag = await database.Write((connection, transaction) => Upsert(connection, transaction, id, stateName, expected, payload));
        if (etag < 0)
        {
            throw new InconsistentStateException(
                $"the stored version of {id} changed under this activation", "", expected.ToString(CultureInfo.InvariantCulture));
        }

        grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var id = grainId.ToString();
        await database.Write((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM grain_state WHERE grain_id = $id AND state_name = $name";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$name", stateName);
            return command.ExecuteNonQuery();
        });
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    // Returns the new etag, or -1 when the stored etag is not the one the activation read.
    private static long Upsert(SqliteConnection connection, SqliteTransaction transaction, string id, string stateName, long expected, byte[] payload)
    {
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT etag FROM grain_state WHERE grain_id = $id AND state_name = $name";
        read.Parameters.AddWithValue("$id", id);
        read.Parameters.AddWithValue("$name", stateName);
        var stored = read.ExecuteScalar() is long e ? e : 0;
        if (stored != expected)
        {
            return -1;
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO grain_state (grain_id, state_name, etag, payload) VALUES ($id, $name, $etag, $payload)
            ON CONFLICT (grain_id, state_name) DO UPDATE SET etag = excluded.etag, payload = excluded.payload
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$name", stateName);
        command.Parameters.AddWithValue("$etag", stored + 1);
        command.Parameters.AddWithValue("$payload", payload);
        command.ExecuteNonQuery();
        return stored + 1;
    }
}

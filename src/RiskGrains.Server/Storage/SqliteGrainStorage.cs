using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Orleans.Storage;
using RiskGrains.Grains;

namespace RiskGrains.Server.Storage;

/// <summary>
/// The embedded grain store: one SQLite file in WAL mode with full fsync, so a write that
/// returned survives a crash of the process or the machine. Concurrent writes are grouped
/// into one transaction (group commit), so durability does not cost one fsync per write.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new() { SingleReader = true });
    private readonly Thread _writerThread;
    private readonly IGrainStorageSerializer _serializer = JsonGrainStateSerializer.Instance;

    public SqliteGrainStorage(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        DatabasePath = Path.GetFullPath(Path.Combine(dataDir, "riskgrains.db"));
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = true, DefaultTimeout = 30 }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        Execute(_writer, """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            PRAGMA busy_timeout = 30000;
            CREATE TABLE IF NOT EXISTS grain_state (
                grain_id   TEXT    NOT NULL,
                state_name TEXT    NOT NULL,
                etag       INTEGER NOT NULL,
                payload    BLOB    NOT NULL,
                PRIMARY KEY (grain_id, state_name)
            ) WITHOUT ROWID;
            """);
        // Commits block on fsync: a thread of their own keeps them off the thread pool that serves requests.
        _writerThread = new Thread(WriteLoop) { IsBackground = true, Name = "riskgrains-store-writer" };
        _writerThread.Start();
    }

    public string DatabasePath { get; }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
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
        grainState.ETag = etag.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = _serializer.Serialize(grainState.State).ToArray();
        var expected = grainState.ETag is null ? 0 : long.Parse(grainState.ETag, System.Globalization.CultureInfo.InvariantCulture);
        var write = new PendingWrite(grainId.ToString(), stateName, expected, payload);
        await _writes.Writer.WriteAsync(write);
        var etag = await write.Done.Task;
        grainState.ETag = etag.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var write = new PendingWrite(grainId.ToString(), stateName, 0, Payload: null);
        await _writes.Writer.WriteAsync(write);
        await write.Done.Task;
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await Task.Run(_writerThread.Join);
        await _writer.DisposeAsync();
    }

    private void WriteLoop()
    {
        var batch = new List<PendingWrite>();
        while (_writes.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < 1024 && _writes.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            Commit(batch);
            batch.Clear();
        }
    }

    private void Commit(List<PendingWrite> batch)
    {
        var results = new long[batch.Count];
        try
        {
            using var transaction = _writer.BeginTransaction();
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = Apply(batch[i], transaction);
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            // The transaction rolled back: none of the batch is stored, so none is acknowledged.
            foreach (var write in batch)
            {
                write.Done.TrySetException(ex);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i] < 0)
            {
                batch[i].Done.TrySetException(new InconsistentStateException(
                    $"the stored version of {batch[i].GrainId} changed under this activation", "", batch[i].ExpectedETag.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            else
            {
                batch[i].Done.TrySetResult(results[i]);
            }
        }
    }

    // Returns the new etag, or -1 when the stored etag is not the one the activation read.
    private long Apply(PendingWrite write, SqliteTransaction transaction)
    {
        using var read = _writer.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT etag FROM grain_state WHERE grain_id = $id AND state_name = $name";
        read.Parameters.AddWithValue("$id", write.GrainId);
        read.Parameters.AddWithValue("$name", write.StateName);
        var stored = read.ExecuteScalar() is long e ? e : 0;

        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$id", write.GrainId);
        command.Parameters.AddWithValue("$name", write.StateName);
        if (write.Payload is null)
        {
            command.CommandText = "DELETE FROM grain_state WHERE grain_id = $id AND state_name = $name";
            command.ExecuteNonQuery();
            return 0;
        }

        if (stored != write.ExpectedETag)
        {
            return -1;
        }

        command.CommandText = """
            INSERT INTO grain_state (grain_id, state_name, etag, payload) VALUES ($id, $name, $etag, $payload)
            ON CONFLICT (grain_id, state_name) DO UPDATE SET etag = excluded.etag, payload = excluded.payload
            """;
        command.Parameters.AddWithValue("$etag", stored + 1);
        command.Parameters.AddWithValue("$payload", write.Payload);
        command.ExecuteNonQuery();
        return stored + 1;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed record PendingWrite(string GrainId, string StateName, long ExpectedETag, byte[]? Payload)
    {
        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace RiskGrains.Server.Storage;

/// <summary>
/// The embedded store's file: one SQLite database in WAL mode with full fsync, so a write that
/// returned survives a crash of the process or the machine. Every writer of the file (grain
/// state, directory rows, history points, alerts) goes through one writer thread, which groups the writes that arrive
/// together into one transaction (group commit), so durability does not cost one fsync per write.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new() { SingleReader = true });
    private readonly Thread _writerThread;

    public SqliteDatabase(string dataDir)
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
            CREATE TABLE IF NOT EXISTS directory_row (
                directory  TEXT NOT NULL,
                company_id TEXT NOT NULL,
                payload    BLOB NOT NULL,
                PRIMARY KEY (directory, company_id)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS history_point (
                company_id TEXT    NOT NULL,
                version    INTEGER NOT NULL,
                time       INTEGER NOT NULL,
                payload    BLOB    NOT NULL,
                PRIMARY KEY (company_id, version)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS history_point_by_time ON history_point (company_id, time);
            CREATE INDEX IF NOT EXISTS history_point_by_age ON history_point (time);
            CREATE TABLE IF NOT EXISTS alert_event (
                sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                time     INTEGER NOT NULL,
                payload  BLOB    NOT NULL
            );
            CREATE INDEX IF NOT EXISTS alert_event_by_age ON alert_event (time);
            CREATE TABLE IF NOT EXISTS alert_edge (
                rule_id    TEXT    NOT NULL,
                company_id TEXT    NOT NULL,
                revision   INTEGER NOT NULL,
                PRIMARY KEY (rule_id, company_id)
            ) WITHOUT ROWID;
            """);
        // Commits block on fsync: a thread of their own keeps them off the thread pool that serves requests.
        _writerThread = new Thread(WriteLoop) { IsBackground = true, Name = "riskgrains-store-writer" };
        _writerThread.Start();
    }

    public string DatabasePath { get; }

    /// <summary>A connection of its own for reads; WAL lets reads run beside the writer.</summary>
    public async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="apply"/> on the writer thread, inside the transaction of whatever
    /// arrived with it, and completes with its result once that transaction is committed. A write
    /// that throws is rolled back to its own savepoint and fails alone; the others of its group are
    /// committed.
    /// </summary>
    public async Task<T> Write<T>(Func<SqliteConnection, SqliteTransaction, T> apply)
    {
        var write = new PendingWrite<T>(apply);
        await _writes.Writer.WriteAsync(write);
        return await write.Done.Task;
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
        var failures = new Exception?[batch.Count];
        try
        {
            using var transaction = _writer.BeginTransaction();
            for (var i = 0; i < batch.Count; i++)
            {
                transaction.Save("write");
                try
                {
                    batch[i].Apply(_writer, transaction);
                }
                catch (Exception ex)
                {
                    // This write alone is undone; the group goes on.
                    transaction.Rollback("write");
                    failures[i] = ex;
                }

                transaction.Release("write");
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            // The transaction rolled back: none of the batch is stored, so none is acknowledged.
            Array.Fill(failures, ex);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                batch[i].Fail(failure);
            }
            else
            {
                batch[i].Complete();
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private abstract class PendingWrite
    {
        public abstract void Apply(SqliteConnection connection, SqliteTransaction transaction);

        public abstract void Complete();

        public abstract void Fail(Exception ex);
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, SqliteTransaction, T> apply) : PendingWrite
    {
        private T? _result;

        public TaskCompletionSource<T> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Apply(SqliteConnection connection, SqliteTransaction transaction) => _result = apply(connection, transaction);

        public override void Complete() => Done.TrySetResult(_result!);

        public override void Fail(Exception ex) => Done.TrySetException(ex);
    }
}

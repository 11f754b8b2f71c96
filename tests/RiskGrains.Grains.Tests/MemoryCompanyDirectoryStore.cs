namespace RiskGrains.Grains.Tests;

/// <summary>
/// Directory rows in memory, one instance for every silo of the test cluster (they share this
/// process), so a directory reactivated on the other silo reads what the first one wrote. It keeps
/// each write for the tests to look at, and can hold writes back or fail them.
/// </summary>
public sealed class MemoryCompanyDirectoryStore : ICompanyDirectoryStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, Dictionary<string, CompanyListing>> _rows = [];
    private readonly Dictionary<GrainId, List<CompanyListing[]>> _writes = [];
    private readonly Dictionary<GrainId, TaskCompletionSource> _holds = [];
    private readonly Dictionary<GrainId, int> _waiting = [];

    public Task<IReadOnlyList<CompanyListing>> ReadAll(GrainId directory, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<CompanyListing>>([.. RowsOf(directory).Values]);
        }
    }

    public async Task Upsert(GrainId directory, IReadOnlyCollection<CompanyListing> rows)
    {
        CompanyListing[] written = [.. rows];
        Task? held;
        lock (_lock)
        {
            held = _holds.GetValueOrDefault(directory)?.Task;
            _waiting[directory] = _waiting.GetValueOrDefault(directory) + (held is null ? 0 : 1);
        }

        try
        {
            if (held is not null)
            {
                await held;
            }
        }
        finally
        {
            lock (_lock)
            {
                _waiting[directory] -= held is null ? 0 : 1;
            }
        }

        lock (_lock)
        {
            var stored = RowsOf(directory);
            foreach (var row in written)
            {
                stored[row.CompanyId] = row;
            }

            if (!_writes.TryGetValue(directory, out var writes))
            {
                _writes[directory] = writes = [];
            }

            writes.Add(written);
        }
    }

    /// <summary>The rows stored for <paramref name="directory"/>, by company id.</summary>
    public IReadOnlyDictionary<string, CompanyListing> Rows(GrainId directory)
    {
        lock (_lock)
        {
            return new Dictionary<string, CompanyListing>(RowsOf(directory));
        }
    }

    /// <summary>Every completed write of <paramref name="directory"/>, in order, each with its rows as passed.</summary>
    public IReadOnlyList<CompanyListing[]> Writes(GrainId directory)
    {
        lock (_lock)
        {
            return _writes.TryGetValue(directory, out var writes) ? [.. writes] : [];
        }
    }

    /// <summary>Writes of <paramref name="directory"/> now waiting for <see cref="Release"/>.</summary>
    public int Waiting(GrainId directory)
    {
        lock (_lock)
        {
            return _waiting.GetValueOrDefault(directory);
        }
    }

    /// <summary>From now on, writes of <paramref name="directory"/> wait for <see cref="Release"/>.</summary>
    public void Hold(GrainId directory)
    {
        lock (_lock)
        {
            _holds.TryAdd(directory, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    /// <summary>Lets the waiting writes go on, or fail with <paramref name="failure"/>; later writes are not held.</summary>
    public void Release(GrainId directory, Exception? failure = null)
    {
        TaskCompletionSource? hold;
        lock (_lock)
        {
            _holds.Remove(directory, out hold);
        }

        if (failure is null)
        {
            hold?.SetResult();
        }
        else
        {
            hold?.SetException(failure);
        }
    }

    private Dictionary<string, CompanyListing> RowsOf(GrainId directory)
    {
        if (!_rows.TryGetValue(directory, out var rows))
        {
            _rows[directory] = rows = new(StringComparer.Ordinal);
        }

        return rows;
    }
}

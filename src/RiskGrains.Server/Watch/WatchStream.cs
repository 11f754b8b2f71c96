using System.Runtime.CompilerServices;
using System.Threading.Channels;
using RiskGrains.Grains;

namespace RiskGrains.Server.Watch;

/// <summary>
/// The queue of one watch stream: at most one pending update per company, the newest (conflation,
/// as market-data feeds do). Its size is bounded by the number of companies watched, so a client
/// that stops reading holds memory for that many snapshots and never slows the writer.
/// </summary>
internal sealed class WatchStream : IHubStream
{
    private readonly object _gate = new();
    private readonly Dictionary<string, RiskSnapshot> _pending = [];
    private readonly Queue<string> _order = new();
    private readonly Dictionary<string, ulong> _newestOffered = [];
    private readonly Channel<bool> _wakeUp = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public WatchStream(IReadOnlyCollection<string> companyIds) => CompanyIds = companyIds;

    /// <summary>A stream resumed by a client that already holds these versions: none of them, nor an older one, is offered again.</summary>
    public WatchStream(IReadOnlyCollection<string> companyIds, IReadOnlyDictionary<string, ulong> held)
        : this(companyIds)
    {
        foreach (var (id, version) in held)
        {
            _newestOffered[id] = version;
        }
    }

    public IReadOnlyCollection<string> CompanyIds { get; }

    /// <summary>Queues a snapshot unless the stream has already been offered this or a newer version.</summary>
    public void Offer(RiskSnapshot snapshot)
    {
        lock (_gate)
        {
            if (_newestOffered.TryGetValue(snapshot.CompanyId, out var newest) && newest >= snapshot.Version)
            {
                return;
            }

            _newestOffered[snapshot.CompanyId] = snapshot.Version;
            if (_pending.ContainsKey(snapshot.CompanyId))
            {
                WatchMetrics.Conflated.Add(1);
            }
            else
            {
                _order.Enqueue(snapshot.CompanyId);
            }

            _pending[snapshot.CompanyId] = snapshot;
        }

        _wakeUp.Writer.TryWrite(true);
    }

    /// <summary>Ends the stream once what is pending has been read (the server is shutting down).</summary>
    public void Complete() => _wakeUp.Writer.TryComplete();

    /// <summary>Pending updates, then more as they come; ends after <see cref="Complete"/>.</summary>
    public async IAsyncEnumerable<RiskSnapshot> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = new List<RiskSnapshot>();
        while (true)
        {
            var open = await _wakeUp.Reader.WaitToReadAsync(cancellationToken);
            _wakeUp.Reader.TryRead(out _);
            TakePending(batch);
            foreach (var snapshot in batch)
            {
                yield return snapshot;
            }

            batch.Clear();

            // Completed: what was still queued has been handed over; end.
            if (!open)
            {
                yield break;
            }
        }
    }

    private void TakePending(List<RiskSnapshot> batch)
    {
        lock (_gate)
        {
            while (_order.TryDequeue(out var companyId))
            {
                batch.Add(_pending[companyId]);
                _pending.Remove(companyId);
            }
        }
    }
}

using System.Collections.Concurrent;
using Grpc.Core;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.LoadTest;

/// <summary>
/// How long a company's score takes to reflect its ticks while a feed runs at full speed. One WatchRisk
/// stream follows a sample of the companies; the encoders note the as_of of every tick they send to one
/// of them, and an update whose market_as_of is at or after a noted tick resolves it, at the update's
/// arrival. A tick conflated by a newer one is resolved by the update of the newer one: the time counts
/// until the score reflects the tick or something newer, which is what a desk sees.
/// </summary>
internal sealed class ScoreProbe : IAsyncDisposable
{
    private readonly Dictionary<string, ConcurrentQueue<long>> _sent;
    private readonly LatencyHistogram _latency = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watch;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _recording;

    private ScoreProbe(CallInvoker invoker, IReadOnlyList<string> companyIds)
    {
        _sent = companyIds.ToDictionary(id => id, _ => new ConcurrentQueue<long>(), StringComparer.Ordinal);
        _watch = Task.Run(() => Watch(invoker, companyIds));
    }

    /// <summary>Opens the probe's watch over every <c>companyIds.Count / sample</c>-th company and waits for its snapshots.</summary>
    public static async Task<ScoreProbe> Open(CallInvoker invoker, IReadOnlyList<string> companyIds, int sample, CancellationToken cancellationToken)
    {
        var step = Math.Max(1, companyIds.Count / Math.Max(1, sample));
        var probe = new ScoreProbe(invoker, [.. companyIds.Where((_, i) => i % step == 0).Take(sample)]);
        await probe._ready.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return probe;
    }

    /// <summary>The companies followed.</summary>
    public int Companies => _sent.Count;

    public LatencyHistogram Latency => _latency;

    /// <summary>Ticks sent to a followed company and never reflected by an update before the probe closed.</summary>
    public long Unresolved => _sent.Values.Sum(q => (long)q.Count);

    /// <summary>From now on the encoders note their ticks (the measured phase, not its warm-up).</summary>
    public void Start() => _recording = true;

    /// <summary>The queue an encoder notes a company's ticks in; null when the company is not followed.</summary>
    public ConcurrentQueue<long>? QueueOf(string companyId) => _sent.GetValueOrDefault(companyId);

    /// <summary>Notes a tick sent to a followed company.</summary>
    public void Sent(ConcurrentQueue<long> queue, long asOfMicros)
    {
        if (_recording)
        {
            queue.Enqueue(asOfMicros);
        }
    }

    /// <summary>Stops noting, and gives the watch one second to resolve the ticks already sent.</summary>
    public async ValueTask DisposeAsync()
    {
        _recording = false;
        await Task.Delay(TimeSpan.FromSeconds(1));
        await _stop.CancelAsync();
        try
        {
            await _watch;
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
        }

        _stop.Dispose();
    }

    private async Task Watch(CallInvoker invoker, IReadOnlyList<string> companyIds)
    {
        var pendingSnapshots = new HashSet<string>(companyIds, StringComparer.Ordinal);
        try
        {
            var request = new V1.WatchRiskRequest { CompanyIds = { companyIds } };
            using var call = invoker.AsyncServerStreamingCall(WatchUpdate.WatchRisk, null, new CallOptions(cancellationToken: _stop.Token), request);
            while (await call.ResponseStream.MoveNext(_stop.Token))
            {
                var arrival = MicrosClock.NowMicros();
                var update = call.ResponseStream.Current;
                if (pendingSnapshots.Remove(update.CompanyId) && pendingSnapshots.Count == 0)
                {
                    _ready.TrySetResult();
                }

                if (update.MarketAsOfMicros is not { } asOf || !_sent.TryGetValue(update.CompanyId, out var queue))
                {
                    continue;
                }

                while (queue.TryPeek(out var sent) && sent <= asOf)
                {
                    queue.TryDequeue(out _);
                    _latency.Record(arrival - sent);
                }
            }
        }
        catch (Exception e) when (!_stop.IsCancellationRequested)
        {
            _ready.TrySetException(new LoadTestException($"the score probe's watch failed: {e.Message}"));
            throw;
        }
    }
}

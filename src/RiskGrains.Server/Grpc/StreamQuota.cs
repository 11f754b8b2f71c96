using Grpc.Core;
using RiskGrains.Server.Hosting;

using RiskGrains.Server.Security;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// Bounds the streams of one RPC open at once on this server, in total and per caller (<see cref="Caller"/>):
/// each open stream holds memory (an Ingest message arriving, a watch's pending updates), so a client
/// opening hundreds must not exhaust the server. Past a bound the call fails with RESOURCE_EXHAUSTED
/// naming the setting.
/// </summary>
internal sealed class StreamQuota(string rpc, int total, string totalSetting, int perCaller, string perCallerSetting)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _byCaller = new(StringComparer.Ordinal);
    private int _open;

    /// <summary>Streams open now, on this server.</summary>
    public int Open
    {
        get
        {
            lock (_gate)
            {
                return _open;
            }
        }
    }

    /// <summary>Counts a stream of <paramref name="caller"/> until the returned lease is disposed.</summary>
    /// <exception cref="RpcException">RESOURCE_EXHAUSTED: a bound is reached.</exception>
    public IDisposable Enter(string caller)
    {
        lock (_gate)
        {
            if (_open >= total)
            {
                throw Exhausted($"{total} {rpc} streams are open on this server, the most {LimitsOptions.Key(totalSetting)} allows; retry later");
            }

            _byCaller.TryGetValue(caller, out var mine);
            if (mine >= perCaller)
            {
                throw Exhausted($"{Callers.Quoted(caller)} has {mine} {rpc} streams open, the most {LimitsOptions.Key(perCallerSetting)} allows; close one first");
            }

            _byCaller[caller] = mine + 1;
            _open++;
        }

        return new Lease(this, caller);
    }

    private void Leave(string caller)
    {
        lock (_gate)
        {
            _open--;
            if (_byCaller[caller] == 1)
            {
                _byCaller.Remove(caller);
            }
            else
            {
                _byCaller[caller]--;
            }
        }
    }

    private static RpcException Exhausted(string message) => new(new Status(StatusCode.ResourceExhausted, message));

    private sealed class Lease(StreamQuota quota, string caller) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                quota.Leave(caller);
            }
        }
    }
}

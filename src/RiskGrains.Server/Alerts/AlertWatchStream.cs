using System.Threading.Channels;
using RiskGrains.Grains;

namespace RiskGrains.Server.Alerts;

/// <summary>
/// The live queue of one WatchAlerts stream: the alerts of its rules (every rule when none is named), in sequence
/// order, bounded. Alerts are not conflated (each is an event); a client that lets more than the bound pile up is
/// ended and resumes from the last sequence it received, losing nothing.
/// </summary>
internal sealed class AlertWatchStream(IReadOnlySet<string> ruleIds, int capacity)
{
    private readonly Channel<AlertEvent> _queue = Channel.CreateBounded<AlertEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>True once the queue overflowed and the stream was ended.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Whether the stream sends alerts of this rule.</summary>
    public bool Wants(AlertEvent alert) => ruleIds.Count == 0 || ruleIds.Contains(alert.RuleId);

    /// <summary>Queues an alert the stream wants; called by the hub in sequence order.</summary>
    public void Offer(AlertEvent alert)
    {
        if (Wants(alert) && !_queue.Writer.TryWrite(alert) && !Overflowed)
        {
            Overflowed = true;
            _queue.Writer.TryComplete();
        }
    }

    /// <summary>Ends the stream once what is queued has been read (the server is stopping).</summary>
    public void Complete() => _queue.Writer.TryComplete();

    public IAsyncEnumerable<AlertEvent> ReadAllAsync(CancellationToken cancellationToken) => _queue.Reader.ReadAllAsync(cancellationToken);
}

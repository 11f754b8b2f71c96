using System.Diagnostics;

namespace RiskGrains.Grains;

/// <summary>
/// Where a tick on the <see cref="MarketBoard"/> came from: its feed, and the trace of the batch that
/// brought it, which the update of the tick carries when the tick is the one applied.
/// </summary>
public sealed class TickBatch(TickFeed feed, ActivityContext trace)
{
    private string? _traceParent;

    public TickFeed Feed { get; } = feed;

    public ActivityContext Trace { get; } = trace;

    /// <summary>The trace as a W3C <c>traceparent</c>, for a tick that travels on as a grain call.</summary>
    public string TraceParent => _traceParent ??= TraceContextPropagation.TraceParentOf(Trace);
}

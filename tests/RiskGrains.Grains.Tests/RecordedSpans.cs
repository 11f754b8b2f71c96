using System.Collections.Concurrent;
using System.Diagnostics;

namespace RiskGrains.Grains.Tests;

/// <summary>
/// The grains' spans as they end, with parent-based sampling as the server configures it: a root or a
/// sampled parent is recorded. Disposing stops listening.
/// </summary>
public sealed class RecordedSpans : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public RecordedSpans()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RiskGrainsDiagnostics.Name,
            Sample = static (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent == default || (options.Parent.TraceFlags & ActivityTraceFlags.Recorded) != 0
                    ? ActivitySamplingResult.AllDataAndRecorded
                    : ActivitySamplingResult.None,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The spans ended so far.</summary>
    public IEnumerable<Activity> Spans => _spans;

    public void Dispose() => _listener.Dispose();
}

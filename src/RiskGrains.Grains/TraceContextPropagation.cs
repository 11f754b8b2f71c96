using System.Diagnostics;

namespace RiskGrains.Grains;

/// <summary>
/// Carries the current trace context into grain calls without a span per call. Orleans' own
/// propagation opens two spans for every grain call (caller and callee), which on the tick path
/// cost more than the risk model; here the caller's activity id travels in the request context,
/// and the work a call does (recompute, publish, fan-out) is traced as a child of it.
/// </summary>
public sealed class TraceContextPropagation : IOutgoingGrainCallFilter
{
    /// <summary>The W3C header name, as Orleans' own propagation uses it.</summary>
    public const string TraceParent = "traceparent";

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        FlowCurrentActivity();
        return context.Invoke();
    }

    /// <summary>
    /// Puts the current activity's id in the request context unless it is there already. A caller
    /// that makes many grain calls in one activity (an ingest batch) calls this once first, so the
    /// calls themselves change nothing.
    /// </summary>
    public static void FlowCurrentActivity()
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } id })
        {
            if (!ReferenceEquals(RequestContext.Get(TraceParent), id))
            {
                RequestContext.Set(TraceParent, id);
            }
        }
    }

    /// <summary>Puts <paramref name="context"/> in the request context, as the current activity's would be.</summary>
    public static void Flow(ActivityContext context) => RequestContext.Set(TraceParent, TraceParentOf(context));

    /// <summary><paramref name="context"/> as a W3C <c>traceparent</c> header value.</summary>
    public static string TraceParentOf(ActivityContext context)
    {
        var flags = (context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00";
        return $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{flags}";
    }

    /// <summary>
    /// Work done for a change of another company (contagion, docs/risk-model.md §6) continues that
    /// change's trace, <paramref name="traceId"/> (W3C hex): when the call did not come with a context
    /// of that trace (a refresh of a subscription, say), one is made up, not recorded.
    /// </summary>
    public static void Continue(string traceId)
    {
        if (traceId.Length != 32 || CallerContext().TraceId.ToHexString() == traceId)
        {
            return;
        }

        Flow(new ActivityContext(ActivityTraceId.CreateFromString(traceId), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None));
    }

    /// <summary>A new trace that is not recorded: its id still travels with what the work produces.</summary>
    public static ActivityContext NewUnsampledContext() =>
        new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None);

    /// <summary>The trace context the current grain call came with; default when none.</summary>
    public static ActivityContext CallerContext() =>
        RequestContext.Get(TraceParent) is string traceParent
        && ActivityContext.TryParse(traceParent, traceState: null, isRemote: true, out var context)
            ? context
            : default;
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RiskGrains.Grains;

/// <summary>The one ActivitySource and Meter of the service (docs/architecture.md, Observability).</summary>
public static class RiskGrainsDiagnostics
{
    public const string Name = "RiskGrains";

    /// <summary>Orleans' source of grain-call spans, subscribed only when they are asked for.</summary>
    public const string OrleansGrainCallSource = "Microsoft.Orleans.Application";

    public static readonly ActivitySource ActivitySource = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> WritesApplied = Meter.CreateCounter<long>("riskgrains.writes.applied", description: "Writes that produced a new version");
    public static readonly Counter<long> WritesIgnored = Meter.CreateCounter<long>("riskgrains.writes.ignored", description: "Stale or duplicate writes that changed nothing");
    public static readonly Histogram<double> RecomputeDuration = Meter.CreateHistogram<double>("riskgrains.recompute.duration", unit: "us", description: "Time of one model evaluation");

    /// <summary>
    /// Starts a span of work done for a grain call, as a child of the caller's trace context (see
    /// <see cref="TraceContextPropagation"/>), never of an activity the turn happened to inherit.
    /// Null when tracing is off or the caller's trace is not sampled; <paramref name="caller"/> is
    /// the caller's context either way, so its trace id can still travel with the result.
    /// </summary>
    public static Activity? StartCallSpan(string name, out ActivityContext caller)
    {
        caller = CallerOfCall();
        return StartSpan(name, caller);
    }

    /// <summary>The trace context of the current grain call: Orleans' incoming call span when its spans are on.</summary>
    public static ActivityContext CallerOfCall() =>
        Activity.Current is { Kind: ActivityKind.Server, Source.Name: OrleansGrainCallSource } call
            ? call.Context
            : TraceContextPropagation.CallerContext();

    /// <summary>A span of work done for <paramref name="caller"/>; null when its trace is not sampled (or tracing is off).</summary>
    public static Activity? StartSpan(string name, ActivityContext caller)
    {
        if (caller != default && (caller.TraceFlags & ActivityTraceFlags.Recorded) == 0)
        {
            return null;
        }

        if (caller == default && Activity.Current is not null)
        {
            // No caller context: a root span, not a child of whatever the turn inherited.
            Activity.Current = null;
        }

        return ActivitySource.StartActivity(name, ActivityKind.Internal, caller);
    }

    /// <summary>What a <c>recompute</c> span records of the new version.</summary>
    public static void TagRecompute(Activity? activity, string companyId, ulong version, double? score, Model.Band? band)
    {
        if (activity is null)
        {
            return;
        }

        // A new span has none of these yet: adding skips SetTag's search for an existing one.
        activity.AddTag("company.id", companyId);
        activity.AddTag("company.version", (long)version);
        activity.AddTag("risk.score", score);
        activity.AddTag("risk.band", band?.ToString());
    }
}

using System.Diagnostics;

namespace RiskGrains.Grains;

/// <summary>Who and what a change came from: the trace it continues and the caller it is recorded as made by.</summary>
internal readonly record struct ChangeOrigin(ActivityContext Caller, string Principal)
{
    /// <summary>The origin the current grain call carries in its request context.</summary>
    public static ChangeOrigin OfCall() => new(RiskGrainsDiagnostics.CallerOfCall(), CallerPrincipal.Current());

    /// <summary>The origin of a tick the market board kept: its batch's trace and its feed's caller.</summary>
    public static ChangeOrigin Of(TickBatch batch) => new(batch.Trace, batch.Feed.Principal);
}

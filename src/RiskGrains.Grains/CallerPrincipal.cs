namespace RiskGrains.Grains;

/// <summary>
/// Carries the name of the caller behind a write (an API key's name, a token's subject, a client
/// certificate's name) into grain calls in the Orleans request context, as the trace context travels,
/// so the grain can record who made each change without a parameter on every write.
/// </summary>
public static class CallerPrincipal
{
    public const string Key = "riskgrains.principal";

    /// <summary>Puts <paramref name="name"/> in the request context of the grain calls that follow.</summary>
    public static void Flow(string name)
    {
        if (!string.Equals(RequestContext.Get(Key) as string, name, StringComparison.Ordinal))
        {
            RequestContext.Set(Key, name);
        }
    }

    /// <summary>The name the current grain call came with; empty when none.</summary>
    public static string Current() => RequestContext.Get(Key) as string ?? "";
}

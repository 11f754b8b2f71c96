namespace RiskGrains.Server.Grpc;

/// <summary>
/// Who a call is from, as the quotas and the write rate count it: the authenticated name, or
/// "anonymous" while the service runs without authentication (every such caller shares it).
/// </summary>
internal static class Caller
{
    public const string Anonymous = "anonymous";

    private const int MaxNamedLength = 64;

    public static string Name(HttpContext context) =>
        context.User.Identity?.Name is { Length: > 0 } name ? name : Anonymous;

    /// <summary>The name as a message may show it: quoted, at most 64 characters, control characters as '?'.</summary>
    public static string Quoted(string name)
    {
        var shown = name.Length > MaxNamedLength ? name[..MaxNamedLength] + "…" : name;
        return "'" + string.Concat(shown.Select(ch => char.IsControl(ch) ? '?' : ch)) + "'";
    }
}

using System.Security.Claims;

namespace RiskGrains.Server.Security;

/// <summary>The principals the service builds: a name and roles, whatever the credential was.</summary>
internal static class Callers
{
    /// <summary>The caller of a server without authentication, who holds every role.</summary>
    public const string Anonymous = "anonymous";

    public const string NameClaim = "name";

    public const string RoleClaim = "role";

    public static ClaimsPrincipal Principal(string name, IEnumerable<string> roles, string authenticationType)
    {
        var identity = new ClaimsIdentity(authenticationType, NameClaim, RoleClaim);
        identity.AddClaim(new Claim(NameClaim, name));
        foreach (var role in roles)
        {
            identity.AddClaim(new Claim(RoleClaim, role));
        }

        return new ClaimsPrincipal(identity);
    }

    /// <summary>The caller's name, as writes record it (<c>changed_by</c>); empty when unauthenticated.</summary>
    public static string Name(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, Name: { } name } ? name : "";

    /// <summary>The name as a message may show it: quoted, at most 64 characters, control characters as '?'.</summary>
    public static string Quoted(string name)
    {
        const int shownLength = 64;
        var shown = name.Length > shownLength ? name[..shownLength] + "…" : name;
        return "'" + string.Concat(shown.Select(ch => char.IsControl(ch) ? '?' : ch)) + "'";
    }

    /// <summary>The caller's roles, for messages.</summary>
    public static IEnumerable<string> RolesOf(ClaimsPrincipal user) => user.FindAll(RoleClaim).Select(c => c.Value).Distinct(StringComparer.Ordinal);
}

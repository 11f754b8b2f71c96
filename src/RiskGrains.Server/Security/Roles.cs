using System.Collections.Immutable;

namespace RiskGrains.Server.Security;

/// <summary>The roles a caller can hold (SECURITY.md); each may do what the one before it may, and more.</summary>
public static class Roles
{
    /// <summary>Reads, watches and scenarios.</summary>
    public const string Reader = "reader";

    /// <summary>A reader that may also write: profiles, financials, commitments, market data, Ingest.</summary>
    public const string Writer = "writer";

    /// <summary>A writer; reserved for administration of what belongs to other callers.</summary>
    public const string Admin = "admin";

    public static readonly ImmutableArray<string> All = [Reader, Writer, Admin];

    /// <summary>The role named, in its canonical spelling; null when it is not a role.</summary>
    public static string? Find(string name) =>
        All.FirstOrDefault(role => string.Equals(role, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads a comma-separated list of roles; false, with the first unknown name, when one is not a role.</summary>
    public static bool TryParse(string text, out ImmutableArray<string> roles, out string unknown)
    {
        var found = ImmutableArray.CreateBuilder<string>();
        unknown = "";
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (Find(name) is not { } role)
            {
                unknown = name;
                roles = [];
                return false;
            }

            if (!found.Contains(role))
            {
                found.Add(role);
            }
        }

        roles = found.ToImmutable();
        return roles.Length > 0;
    }
}

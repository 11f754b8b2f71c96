using Microsoft.AspNetCore.Authorization;

namespace RiskGrains.Server.Security;

/// <summary>The two authorization policies of RiskService's RPCs: every RPC names one with <c>[Authorize]</c>.</summary>
public static class RolePolicies
{
    /// <summary>GetRisk, ListCompanies, WatchRisk, RunScenario: any role.</summary>
    public const string Read = "read";

    /// <summary>The five writes and Ingest: writer or admin.</summary>
    public const string Write = "write";

    /// <summary>The Orleans Dashboard: admin only.</summary>
    public const string Admin = "admin";

    public static AuthorizationBuilder AddRolePolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(Read, policy => policy.RequireRole(Roles.Reader, Roles.Writer, Roles.Admin))
        .AddPolicy(Write, policy => policy.RequireRole(Roles.Writer, Roles.Admin))
        .AddPolicy(Admin, policy => policy.RequireRole(Roles.Admin));
}

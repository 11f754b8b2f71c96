using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RiskGrains.Server.Hosting;

/// <summary>Healthy while this silo is an active member of its cluster (not joining, not leaving, not declared dead).</summary>
internal sealed class SiloHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"silo status {status}"));
    }
}

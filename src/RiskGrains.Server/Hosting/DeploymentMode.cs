namespace RiskGrains.Server.Hosting;

/// <summary><c>RiskGrains:Mode</c>: one process with an embedded store, or a cluster on Redis.</summary>
public enum DeploymentMode
{
    Embedded,
    Cluster,
}

using RiskGrains.Server.Security;

namespace RiskGrains.Server.Hosting;

/// <summary>
/// The host's settings in the configuration section <c>RiskGrains</c> (docs/operations.md,
/// configuration). The company grain's and the watch fan-out's settings sit in the same section,
/// in <see cref="Grains.CompanyGrainOptions"/> and <see cref="Watch.WatchOptions"/>.
/// </summary>
public sealed class RiskGrainsOptions
{
    public const string Section = "RiskGrains";

    public DeploymentMode Mode { get; set; } = DeploymentMode.Embedded;

    /// <summary>Folder of the embedded store, relative to the working directory.</summary>
    public string DataDir { get; set; } = "./data";

    public bool LoadSampleData { get; set; } = true;

    /// <summary>The sample file; by default the copy shipped beside the server.</summary>
    public string? SampleDataPath { get; set; }

    /// <summary>Cluster mode: the StackExchange.Redis connection string.</summary>
    public string? Redis { get; set; }

    public string ClusterId { get; set; } = "riskgrains";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Cluster mode: the address other silos reach this one at (a pod IP); unset, the host's address.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Cluster mode: membership probe timeout; with <see cref="MissedProbesLimit"/> it bounds failover time.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>Share of traces recorded, 0..1 (each Ingest batch is a trace of its own).</summary>
    public double TraceSampleRatio { get; set; } = 1;

    /// <summary>
    /// Adds Orleans' spans of every grain call (caller and callee) to the traces. Off by default:
    /// the trace context crosses grain calls either way, and these spans cost more than the
    /// recompute on the tick path.
    /// </summary>
    public bool TraceGrainCalls { get; set; }

    /// <summary>Serves riskgrains.loadtest.v1.BaselineService, the load generator's yardstick.</summary>
    public bool EnableBaseline { get; set; }

    /// <summary>
    /// Serves the Orleans Dashboard at /dashboard (admin role when authentication is on). Its grain
    /// call filter times every grain call, which costs throughput on the tick path (docs/operations.md).
    /// </summary>
    public bool EnableDashboard { get; set; } = true;

    /// <summary>Serves the browser board at / (its files are static; its data comes from the HTTP routes).</summary>
    public bool EnableBoard { get; set; } = true;

    /// <summary>
    /// A grain (a company, a portfolio) that received no call for this long is deactivated, its state kept in the
    /// store: memory follows the active set, not the number of companies registered (docs/performance.md).
    /// </summary>
    public TimeSpan IdleDeactivation { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Graceful stop (drain watches, deactivate grains, leave the cluster) gets this long.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Past this, a stop that still hangs ends the process at once (see ShutdownDeadline).</summary>
    public TimeSpan ShutdownDeadline { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Who may call the service (<c>RiskGrains:Auth</c>).</summary>
    public AuthOptions Auth { get; set; } = new();

    /// <summary>The bounds every request is held to (<c>RiskGrains:Limits</c>).</summary>
    public LimitsOptions Limits { get; set; } = new();

    /// <summary>Every setting that is out of range, named by its configuration key.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var problem in Auth.Problems().Concat(Limits.Problems()))
        {
            yield return problem;
        }

        if (Mode == DeploymentMode.Cluster && string.IsNullOrWhiteSpace(Redis))
        {
            yield return "RiskGrains:Redis is required when RiskGrains:Mode is Cluster";
        }

        if (string.IsNullOrWhiteSpace(DataDir))
        {
            yield return "RiskGrains:DataDir must name a folder";
        }

        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535 || SiloPort == GatewayPort)
        {
            yield return "RiskGrains:SiloPort and RiskGrains:GatewayPort must be two different ports between 1 and 65535";
        }

        if (Settings.OutOfRange("ProbeTimeout", ProbeTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1)) is { } probe)
        {
            yield return probe;
        }

        if (MissedProbesLimit < 1)
        {
            yield return "RiskGrains:MissedProbesLimit must be at least 1";
        }

        if (TraceSampleRatio is not (>= 0 and <= 1))
        {
            yield return "RiskGrains:TraceSampleRatio must be between 0 and 1";
        }

        if (Settings.OutOfRange("IdleDeactivation", IdleDeactivation, TimeSpan.FromMinutes(2), TimeSpan.FromDays(7)) is { } idle)
        {
            yield return idle;
        }

        if (Settings.OutOfRange("ShutdownTimeout", ShutdownTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)) is { } stop)
        {
            yield return stop;
        }

        if (ShutdownDeadline <= ShutdownTimeout || ShutdownDeadline > TimeSpan.FromMinutes(15))
        {
            yield return "RiskGrains:ShutdownDeadline must be longer than RiskGrains:ShutdownTimeout and at most 00:15:00";
        }
    }
}

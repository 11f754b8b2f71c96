namespace RiskGrains.Server.Hosting;

public enum DeploymentMode
{
    Embedded,
    Cluster,
}

/// <summary>The configuration section <c>RiskGrains</c> (docs/operations.md, configuration).</summary>
public sealed class RiskGrainsOptions
{
    public const string Section = "RiskGrains";

    public DeploymentMode Mode { get; set; } = DeploymentMode.Embedded;

    /// <summary>Folder of the embedded store, relative to the working directory.</summary>
    public string DataDir { get; set; } = "./data";

    public bool LoadSampleData { get; set; } = true;

    /// <summary>The sample file; by default the copy shipped beside the server.</summary>
    public string? SampleDataPath { get; set; }

    public string? Redis { get; set; }

    public string ClusterId { get; set; } = "riskgrains";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Cluster mode: the address other silos reach this one at (a pod IP); unset, the host's address.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Cluster mode: membership probe timeout; with <see cref="MissedProbesLimit"/> it bounds failover time.</summary>
    public double ProbeTimeoutSeconds { get; set; } = 1;

    public int MissedProbesLimit { get; set; } = 2;

    public int WindowQuarters { get; set; } = 8;

    /// <summary>The newest market state is saved at most this many seconds after a tick.</summary>
    public double MarketStateSaveSeconds { get; set; } = 5;

    public double WatchRefreshSeconds { get; set; } = 30;

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

    /// <summary>Graceful stop (drain watches, deactivate grains, leave the cluster) gets this long.</summary>
    public double ShutdownTimeoutSeconds { get; set; } = 15;

    /// <summary>Past this, a stop that still hangs ends the process at once (see ShutdownDeadline).</summary>
    public double ShutdownDeadlineSeconds { get; set; } = 25;
}

using System.Text.Json.Nodes;

namespace RiskGrains.LoadTest;

/// <summary>The run of one invocation: its options, connections, the server's process and the report being filled.</summary>
internal sealed record RunContext(LoadTestOptions Options, ServerConnections Connections, ServerProcess? Server, JsonObject Report, CancellationToken Cancellation)
{
    public IReadOnlyList<string> CompanyIds { get; } = Enumerable.Range(0, Options.Companies).Select(Options.CompanyId).ToArray();

    public TimeSpan Duration => TimeSpan.FromSeconds(Options.Seconds);
}

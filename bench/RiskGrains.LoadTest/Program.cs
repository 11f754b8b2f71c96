using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RiskGrains.LoadTest;

// Progress goes to stderr; stdout carries exactly one line: the JSON report.
var startedAt = DateTimeOffset.UtcNow;
if (args.Length > 0 && args[0] is "-h" or "--help" or "help")
{
    Console.Error.WriteLine(LoadTestOptions.Usage);
    return 0;
}

var report = new JsonObject
{
    ["scenario"] = args.Length > 0 ? args[0] : null,
    ["ok"] = false,
    ["error"] = null,
    ["ticks_per_second"] = null,
    ["baseline_ticks_per_second"] = null,
    ["ratio"] = null,
    ["p50_ms"] = null,
    ["p99_ms"] = null,
    ["bytes_per_company"] = null,
};

LoadTestOptions options;
try
{
    options = LoadTestOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(LoadTestOptions.Usage);
    report["error"] = e.Message;
    return Finish(report, startedAt, null, 2);
}

report["scenario"] = options.Scenario;

// Ctrl-C ends the run early but still prints what was measured.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

// A hard upper bound, so the program always stops by itself.
var phases = options.Scenario switch { "ingest" => 2, "latency" => options.Stalled > 0 ? 2 : 1, "baseline" => 1, "portfolio" => 3, "alerts" => 5, "contagion" => 2, _ => 0 };
var limit = TimeSpan.FromSeconds(options.SetupTimeoutSeconds + (phases * (options.Seconds + options.WarmupSeconds + 120)) + 180);
cancellation.CancelAfter(limit);

var exitCode = 1;
var server = ServerProcess.Find(options.ServerPid, options.Target.Port);
try
{
    TickEncoder.SelfCheck();
    WatchUpdate.SelfCheck();
    Console.Error.WriteLine($"[{options.Scenario}] target {options.Target}, {options.Connections} connection(s) x {options.StreamsPerConnection} stream(s); server pid {server?.Pid.ToString(CultureInfo.InvariantCulture) ?? "unknown"}");
    using var connections = new ServerConnections(options.Target, options.Connections);
    var run = new RunContext(options, connections, server, report, cancellation.Token);
    await (options.Scenario switch
    {
        "ingest" => ThroughputScenarios.Ingest(run),
        "baseline" => ThroughputScenarios.BaselineOnly(run),
        "latency" => LatencyScenario.Run(run),
        "scale" => ScaleScenario.Run(run),
        "portfolio" => PortfolioScenario.Run(run),
        "alerts" => AlertScenario.Run(run),
        "contagion" => ContagionScenario.Run(run),
        _ => throw new LoadTestException($"unknown scenario {options.Scenario}"),
    });
    report["ok"] = true;
    exitCode = 0;
}
catch (LoadTestException e)
{
    report["error"] = e.Message;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    report["error"] = $"stopped before the end (Ctrl-C or the {limit.TotalSeconds:F0} s limit)";
}
catch (Exception e) when (e is Grpc.Core.RpcException or HttpRequestException or IOException or InvalidDataException or JsonException)
{
    report["error"] = $"{e.GetType().Name}: {e.Message}";
}

if (cancellation.IsCancellationRequested)
{
    report["ok"] = false;
    report["error"] = $"stopped before the end (Ctrl-C or the {limit.TotalSeconds:F0} s limit); figures are partial";
    exitCode = 1;
}

if (report["error"] is { } error)
{
    Console.Error.WriteLine($"[{options.Scenario}] failed: {error}");
}

report["parameters"] = options.ToJson();
return Finish(report, startedAt, server, exitCode);

static int Finish(JsonObject report, DateTimeOffset startedAt, ServerProcess? server, int exitCode)
{
    report["server"] = Report.Server(server, server?.ResidentBytes());
    report["machine"] = Report.Machine();
    report["repository_commit"] = Report.RepositoryCommit();
    report["date"] = startedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    report["duration_seconds"] = Report.Round((DateTimeOffset.UtcNow - startedAt).TotalSeconds, 1);
    Console.Out.WriteLine(report.ToJsonString(new JsonSerializerOptions { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    Console.Out.Flush();
    return exitCode;
}

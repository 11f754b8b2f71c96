using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace RiskGrains.LoadTest;

/// <summary>Pieces of the one-line JSON report.</summary>
internal static class Report
{
    public static double Round(double value, int digits = 1) => Math.Round(value, digits, MidpointRounding.AwayFromZero);

    /// <summary>A phase's counts; for the baseline, what the server decoded is "received" (it applies nothing).</summary>
    public static JsonObject Describe(IngestPhaseResult r, bool baseline = false)
    {
        var json = new JsonObject
        {
            ["sent"] = r.Sent,
            ["acknowledged"] = r.Acknowledged,
        };
        if (baseline)
        {
            json["received"] = r.Applied;
        }
        else
        {
            json["applied"] = r.Applied;
            json["ignored"] = r.Ignored;
            json["conflated"] = r.Conflated;
            json["rejected"] = r.Rejected;
        }

        json["calls"] = r.Calls;
        json["elapsed_seconds"] = Round(r.Elapsed.TotalSeconds, 3);
        json["per_second"] = Round(r.PerSecond);
        json["generator_cpu_seconds"] = Round(r.GeneratorCpu.TotalSeconds, 2);
        json["server_cpu_seconds"] = r.ServerCpu is { } s ? Round(s.TotalSeconds, 2) : null;
        json["other_cpu_seconds"] = r.OtherCpu is { } o ? Round(o.TotalSeconds, 2) : null;

        if (r.Errors.Count > 0)
        {
            json["first_errors"] = new JsonArray([.. r.Errors.Select(e => (JsonNode?)JsonValue.Create(e))]);
        }

        if (r.Failures.Count > 0)
        {
            json["stream_failures"] = new JsonArray([.. r.Failures.Select(e => (JsonNode?)JsonValue.Create(e))]);
        }

        return json;
    }

    /// <summary>Throws when a phase's streams failed or the server rejected items it should have taken.</summary>
    public static void EnsureClean(IngestPhaseResult r)
    {
        if (r.Failures.Count > 0)
        {
            throw new LoadTestException($"{r.Phase}: {r.Failures.Count} stream(s) failed: {r.Failures[0]}");
        }

        if (r.Rejected > 0)
        {
            throw new LoadTestException($"{r.Phase}: the server rejected {r.Rejected:N0} items, e.g. {r.Errors.FirstOrDefault()}");
        }
    }

    public static JsonObject Machine() => new()
    {
        ["cores"] = Environment.ProcessorCount,
        ["os"] = RuntimeInformation.OSDescription,
        ["dotnet"] = RuntimeInformation.FrameworkDescription,
        ["arch"] = RuntimeInformation.ProcessArchitecture.ToString(),
        ["cpu"] = ProcLine("/proc/cpuinfo", "model name"),
        ["memory_bytes"] = ProcLine("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ')[0], CultureInfo.InvariantCulture, out var v) ? v * 1024 : null,
        ["gc"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
        ["load_average_at_end"] = MachineLoad.LoadAverage(),
    };

    public static JsonObject Server(ServerProcess? server, long? rssNow) => server is null
        ? new JsonObject { ["pid"] = null, ["found_by"] = "not found (pass --server-pid)" }
        : new JsonObject { ["pid"] = server.Pid, ["found_by"] = server.FoundBy, ["rss_bytes"] = rssNow };

    /// <summary>The repository's HEAD commit, read from .git without running git.</summary>
    public static string? RepositoryCommit()
    {
        try
        {
            var git = Path.Combine(SampleFundamentals.RepositoryRoot(), ".git");
            var head = File.ReadAllText(Path.Combine(git, "HEAD")).Trim();
            if (!head.StartsWith("ref: ", StringComparison.Ordinal))
            {
                return head;
            }

            var reference = head[5..];
            var loose = Path.Combine(git, reference);
            if (File.Exists(loose))
            {
                return File.ReadAllText(loose).Trim();
            }

            var packed = Path.Combine(git, "packed-refs");
            return File.Exists(packed)
                ? File.ReadLines(packed).Select(l => l.Split(' ')).FirstOrDefault(f => f.Length == 2 && f[1] == reference)?[0]
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public static TimeSpan GeneratorCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static string? ProcLine(string file, string key)
    {
        try
        {
            var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

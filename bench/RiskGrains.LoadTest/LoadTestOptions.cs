using System.Globalization;
using System.Text.Json.Nodes;

namespace RiskGrains.LoadTest;

/// <summary>The scenario and its parameters, read from the command line.</summary>
internal sealed record LoadTestOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/RiskGrains.LoadTest -- SCENARIO [options]

        SCENARIO   ingest | baseline | latency | scale | portfolio | alerts | contagion

          --target URL            server address, plaintext HTTP/2 (default http://127.0.0.1:5000)
          --companies N           companies (default 10000; scale: 100000)
          --seconds S             length of each measured phase (default 20)
          --rate R                latency: ticks per second (default 20000)
          --watchers W            latency: watch streams (default 100)
          --watch-size K          latency: companies per watch stream (default 100)
          --batch B               ticks per IngestRequest message (default 1000)
          --connections C         HTTP/2 connections (default 2)
          --streams-per-connection P   concurrent Ingest streams per connection (default 2)
          --stalled X             latency: extra watch streams that never read (default 0)
          --probe N               ingest: companies one watch stream follows to time tick to score (default 100; 0: none)
          --read-mask PATHS       latency: the CompanyRisk fields each watch asks for, comma-separated
                                  (score,band,...; inputs is added: the delay is read from it);
                                  default: every field
          --warmup S              unrecorded ticks before each measured phase (default 3);
                                  scale: 0 skips the warm-up companies
          --server-pid PID        the server's pid (default: found from the listening port of --target)
          --no-setup              ingest, latency, portfolio, alerts, contagion: the companies exist already
          --prefix P              company id prefix (default LT-; scale: LTS-)
          --setup-timeout S       upper bound of the company set-up (default 900)
          --sample PATH           sample fundamentals (default data/sample/hyperscalers.json of the repository)
        """;

    public string Scenario { get; init; } = "";
    public Uri Target { get; init; } = new("http://127.0.0.1:5000");
    public int Companies { get; init; }
    public int Seconds { get; init; } = 20;
    public int Rate { get; init; } = 20_000;
    public int Watchers { get; init; } = 100;
    public int WatchSize { get; init; } = 100;
    public int Batch { get; init; } = 1_000;
    public int Connections { get; init; } = 2;
    public int StreamsPerConnection { get; init; } = 2;
    public int Stalled { get; init; }
    public int Probe { get; init; } = 100;

    /// <summary>The read mask's paths as given; empty for full updates.</summary>
    public IReadOnlyList<string> ReadMask { get; init; } = [];
    public int WarmupSeconds { get; init; } = 3;
    public int? ServerPid { get; init; }
    public bool NoSetup { get; init; }
    public string Prefix { get; init; } = "LT-";
    public int SetupTimeoutSeconds { get; init; } = 900;
    public string? SamplePath { get; init; }

    public int Streams => Connections * StreamsPerConnection;

    public static readonly string[] Scenarios = ["ingest", "baseline", "latency", "scale", "portfolio", "alerts", "contagion"];

    /// <summary>Reads the arguments; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static LoadTestOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            throw new ArgumentException("the first argument must be the scenario: " + string.Join(", ", Scenarios));
        }

        var scenario = args[0].ToLowerInvariant();
        if (!Scenarios.Contains(scenario))
        {
            throw new ArgumentException($"unknown scenario '{args[0]}'; expected one of " + string.Join(", ", Scenarios));
        }

        var o = new LoadTestOptions
        {
            Scenario = scenario,
            Companies = scenario == "scale" ? 100_000 : 10_000,
            Prefix = scenario == "scale" ? "LTS-" : "LT-",
        };

        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            string Value()
            {
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"{name} needs a value");
                }

                return args[++i];
            }

            int Int(int min, int max)
            {
                var text = Value();
                if (!int.TryParse(text.Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
                {
                    throw new ArgumentException($"{name} must be an integer from {min} to {max}, not '{text}'");
                }

                return v;
            }

            o = name switch
            {
                "--target" => o with { Target = ParseTarget(Value()) },
                "--companies" => o with { Companies = Int(1, 9_999_999) },
                "--seconds" => o with { Seconds = Int(1, 3_600) },
                "--rate" => o with { Rate = Int(1, 10_000_000) },
                "--watchers" => o with { Watchers = Int(1, 10_000) },
                "--watch-size" => o with { WatchSize = Int(1, 10_000) },
                "--batch" => o with { Batch = Int(1, 50_000) },
                "--connections" => o with { Connections = Int(1, 64) },
                "--streams-per-connection" => o with { StreamsPerConnection = Int(1, 64) },
                "--stalled" => o with { Stalled = Int(0, 10_000) },
                "--probe" => o with { Probe = Int(0, 10_000) },
                "--read-mask" => o with { ReadMask = Paths(Value()) },
                "--warmup" => o with { WarmupSeconds = Int(0, 600) },
                "--server-pid" => o with { ServerPid = Int(1, int.MaxValue) },
                "--no-setup" => o with { NoSetup = true },
                "--prefix" => o with { Prefix = Value() },
                "--setup-timeout" => o with { SetupTimeoutSeconds = Int(1, 86_400) },
                "--sample" => o with { SamplePath = Value() },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        return o;
    }

    /// <summary>
    /// The paths each watch stream sends as its read_mask, or none for full updates: those given, and
    /// <c>inputs</c> when they do not name it, since each delay is read from <c>inputs.market_as_of</c>.
    /// </summary>
    public IReadOnlyList<string> WatchReadMask =>
        ReadMask.Count == 0 || ReadMask.Contains("*") || ReadMask.Contains("inputs") ? ReadMask : [.. ReadMask, "inputs"];

    private static string[] Paths(string text)
    {
        var paths = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (paths.Length == 0)
        {
            throw new ArgumentException($"--read-mask must name at least one field of CompanyRisk, as score,band; not '{text}'");
        }

        return paths;
    }

    private static Uri ParseTarget(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"--target must be an http:// address (plaintext HTTP/2), not '{text}'");
        }

        return uri;
    }

    /// <summary>Company id of index i (0-based): LT-000001 for 0.</summary>
    public string CompanyId(int index) => Prefix + (index + 1).ToString(Companies >= 1_000_000 ? "D7" : "D6", CultureInfo.InvariantCulture);

    public JsonObject ToJson() => new()
    {
        ["target"] = Target.ToString(),
        ["companies"] = Companies,
        ["seconds"] = Scenario == "scale" ? null : Seconds,
        ["rate"] = Scenario == "latency" ? Rate : null,
        ["watchers"] = Scenario == "latency" ? Watchers : null,
        ["watch_size"] = Scenario == "latency" ? WatchSize : null,
        ["batch"] = Scenario == "scale" ? null : Batch,
        ["connections"] = Connections,
        ["streams_per_connection"] = StreamsPerConnection,
        ["stalled"] = Scenario == "latency" ? Stalled : null,
        ["probe"] = Scenario == "ingest" ? Probe : null,
        ["read_mask"] = Scenario == "latency" && WatchReadMask.Count > 0 ? string.Join(",", WatchReadMask) : null,
        ["warmup_seconds"] = WarmupSeconds,
        ["server_pid_given"] = ServerPid,
        ["no_setup"] = NoSetup,
        ["prefix"] = Prefix,
    };
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.LoadTest;

/// <summary>
/// portfolio: one portfolio holding N companies (docs/risk-model.md §7), beside N more companies it
/// does not hold. Measures the UpsertPortfolio (its size and time), GetPortfolio (latency and size,
/// unchanged and right after a member's tick), a member's tick to the watched portfolio's new
/// figures (WatchPortfolio), RunPortfolioScenario, and the server CPU a member update costs: bursts of ticks to the
/// members against the same bursts to the other companies, alternated.
/// </summary>
internal static class PortfolioScenario
{
    private const int Reads = 50;
    private const int WatchedTicks = 40;
    private const int Scenarios = 10;
    private const int BurstRounds = 10;
    private const int BurstPairs = 3;
    private const int TicksPerMessage = 1_000;

    // Past the server's PortfolioPublishInterval (250 ms by default), so each tick is published at once, not held back.
    private static readonly TimeSpan TickSpacing = TimeSpan.FromMilliseconds(400);

    // A tick is acknowledged once its company has it; the portfolio takes it a moment later, one-way.
    // Both bursts count the server's CPU until this long after their last answer, so the portfolio's
    // backlog is inside the window (and the idle server's own timers in both).
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    private static long _lastMicros;

    public static async Task Run(RunContext run)
    {
        var o = run.Options;
        var client = run.Connections.Clients[0];
        var portfolios = new V1.PortfolioService.PortfolioServiceClient(ServerConnections.Open(o.Target));
        var members = run.CompanyIds;
        var others = Enumerable.Range(o.Companies, o.Companies).Select(o.CompanyId).ToArray();
        if (!o.NoSetup)
        {
            // The scale scenario's companies (8 quarters, 5 commitments): the sample's own source texts are longer than RiskGrains:Limits:MaxSourceLength.
            await ThroughputScenarios.SetupCompanies(run, "setup", 2 * o.Companies, (sample, i) => sample.QuarterlyItems(o.CompanyId(i), i));
        }

        await Tick(run, "market", [.. members, .. others], 1);
        var portfolioId = $"{o.Prefix}PORTFOLIO";
        var upsert = new V1.UpsertPortfolioRequest
        {
            Portfolio = new V1.Portfolio { PortfolioId = portfolioId, Name = $"Load test, {o.Companies:N0} positions", Currency = "USD" },
        };
        upsert.Portfolio.Positions.Add(run.CompanyIds.Select((id, i) => new V1.Position { CompanyId = id, Exposure = 1 + (i % 1_000), Lgd = 0.45 }));
        var upsertTime = Stopwatch.StartNew();
        var version = (await portfolios.UpsertPortfolioAsync(upsert, cancellationToken: run.Cancellation)).Version;
        run.Report["upsert_portfolio"] = new JsonObject
        {
            ["positions"] = o.Companies,
            ["request_bytes"] = upsert.CalculateSize(),
            ["ms"] = Report.Round(upsertTime.Elapsed.TotalMilliseconds),
            ["version"] = version,
        };

        var get = new V1.GetPortfolioRequest { PortfolioId = portfolioId };
        var first = (await portfolios.GetPortfolioAsync(get, cancellationToken: run.Cancellation)).Risk;
        var withPd = first.Positions.Count(p => p.HasDefaultProbability);
        if (first.Positions.Count != o.Companies || withPd != o.Companies)
        {
            throw new LoadTestException($"the portfolio holds {first.Positions.Count} positions, {withPd} with a probability; expected {o.Companies} of each");
        }

        run.Report["get_portfolio_unchanged"] = await TimeReads(portfolios, get, before: null, run.Cancellation);
        run.Report["get_portfolio_after_a_tick"] = await TimeReads(portfolios, get, before: i => TickOne(client, run.CompanyIds[(i * 7_919) % o.Companies], i, run.Cancellation), run.Cancellation);
        run.Report["tick_to_watched_figures"] = await TimeWatchedTicks(run, portfolios, client, portfolioId);
        run.Report["run_portfolio_scenario"] = await TimeScenarios(portfolios, portfolioId, run.Cancellation);

        // The CPU a member update costs the server: the same ticks to members and to companies outside
        // the portfolio, alternated so that the server's other work (collections, timers) falls on both.
        var differences = new List<double>();
        for (var pair = 1; pair <= BurstPairs; pair++)
        {
            var toMembers = await Tick(run, $"ticks_to_members_{pair}", members, BurstRounds);
            var toOthers = await Tick(run, $"ticks_to_others_{pair}", others, BurstRounds);
            if (toMembers.Cpu is { } a && toOthers.Cpu is { } b)
            {
                differences.Add((a - b).TotalMicroseconds / ((double)BurstRounds * o.Companies));
            }
        }

        differences.Sort();
        run.Report["server_cpu_per_member_update_us"] = differences.Count > 0 ? Report.Round(differences[differences.Count / 2], 2) : null;
        run.Report["server_cpu_per_member_update_us_each_pair"] = new JsonArray([.. differences.Select(d => (JsonNode?)Report.Round(d, 2))]);
        await portfolios.RemovePortfolioAsync(new V1.RemovePortfolioRequest { PortfolioId = portfolioId }, cancellationToken: run.Cancellation);
        run.Report["load_average"] = MachineLoad.LoadAverage();
    }

    private static async Task<JsonObject> TimeReads(V1.PortfolioService.PortfolioServiceClient portfolios, V1.GetPortfolioRequest get, Func<int, Task>? before, CancellationToken cancellation)
    {
        var latencies = new List<double>();
        var bytes = 0;
        for (var i = 0; i < Reads; i++)
        {
            if (before is not null)
            {
                await before(i);
            }

            var started = Stopwatch.GetTimestamp();
            var response = await portfolios.GetPortfolioAsync(get, cancellationToken: cancellation);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            bytes = response.CalculateSize();
        }

        return Summary(latencies, bytes);
    }

    private static async Task<JsonObject> TimeScenarios(V1.PortfolioService.PortfolioServiceClient portfolios, string portfolioId, CancellationToken cancellation)
    {
        var latencies = new List<double>();
        var bytes = 0;
        for (var i = 0; i < Scenarios; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var response = await portfolios.RunPortfolioScenarioAsync(new V1.RunPortfolioScenarioRequest { PortfolioId = portfolioId, Preset = "credit-freeze" }, cancellationToken: cancellation);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            bytes = response.CalculateSize();
        }

        return Summary(latencies, bytes);
    }

    private static async Task<JsonObject> TimeWatchedTicks(RunContext run, V1.PortfolioService.PortfolioServiceClient portfolios, V1.RiskService.RiskServiceClient client, string portfolioId)
    {
        using var watch = portfolios.WatchPortfolio(new V1.WatchPortfolioRequest { PortfolioId = portfolioId }, cancellationToken: run.Cancellation);
        if (!await watch.ResponseStream.MoveNext(run.Cancellation))
        {
            throw new LoadTestException("WatchPortfolio ended before its first figures");
        }

        var latencies = new List<double>();
        var bytes = 0;
        for (var i = 0; i < WatchedTicks; i++)
        {
            await Task.Delay(TickSpacing, run.Cancellation);
            var index = (i * 104_729) % run.Options.Companies;
            var companyId = run.CompanyIds[index];
            var sent = DateTimeOffset.UtcNow;
            var started = Stopwatch.GetTimestamp();
            await TickOne(client, companyId, i, run.Cancellation);

            // The first figures composed after the tick was sent hold it: figures are published only on a change.
            while (true)
            {
                if (!await watch.ResponseStream.MoveNext(run.Cancellation))
                {
                    throw new LoadTestException("WatchPortfolio ended");
                }

                var risk = watch.ResponseStream.Current.Risk;
                if (risk.AsOf.ToDateTimeOffset() >= sent)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    bytes = watch.ResponseStream.Current.CalculateSize();
                    break;
                }
            }
        }

        return Summary(latencies, bytes);
    }

    // A tick that moves the company's probability: a smaller, more volatile equity each time.
    private static Task TickOne(V1.RiskService.RiskServiceClient client, string companyId, int i, CancellationToken cancellation) =>
        client.PublishMarketDataAsync(new V1.PublishMarketDataRequest { MarketData = Market(companyId, 40_000 + (i % 7 * 1_000), 0.9) }, cancellationToken: cancellation).ResponseAsync;

    /// <summary>Rounds of one tick to each of <paramref name="companyIds"/>, by Ingest; the server's CPU time over them.</summary>
    private static async Task<(TimeSpan? Cpu, double Seconds)> Tick(RunContext run, string phase, IReadOnlyList<string> companyIds, int rounds)
    {
        var cpuBefore = run.Server?.CpuTime();
        var started = Stopwatch.StartNew();
        using var call = run.Connections.Clients[0].Ingest(cancellationToken: run.Cancellation);
        long sent = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var chunk in companyIds.Chunk(TicksPerMessage))
            {
                var request = new V1.IngestRequest();
                request.Items.Add(chunk.Select((id, i) => new V1.IngestItem
                {
                    PublishMarketData = new V1.PublishMarketDataRequest { MarketData = Market(id, 200_000 + ((round * 37 + i) % 100 * 1_000), 0.3 + (i % 30 * 0.01)) },
                }));
                await call.RequestStream.WriteAsync(request, run.Cancellation);
                sent += chunk.Length;
            }
        }

        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;
        var seconds = started.Elapsed.TotalSeconds;
        await Task.Delay(Settle, run.Cancellation);
        var cpu = run.Server?.CpuTime() - cpuBefore;
        if (response.Rejected > 0)
        {
            throw new LoadTestException($"{phase}: {response.Rejected} ticks rejected: {response.Errors.FirstOrDefault()?.Message}");
        }

        run.Report[phase] = new JsonObject
        {
            ["ticks"] = sent,
            ["applied"] = response.Applied,
            ["seconds"] = Report.Round(seconds, 2),
            ["ticks_per_second"] = Report.Round(sent / seconds),
            ["server_cpu_seconds"] = cpu is { } c ? Report.Round(c.TotalSeconds, 2) : null,
            ["server_cpu_window_seconds"] = Report.Round(seconds + Settle.TotalSeconds, 2),
            ["server_cpu_per_tick_us"] = cpu is { } t ? Report.Round(t.TotalMicroseconds / sent, 2) : null,
        };
        Console.Error.WriteLine($"[portfolio] {phase}: {sent:N0} ticks in {seconds:F1} s, server CPU {cpu?.TotalSeconds:F2} s");
        return (cpu, seconds);
    }

    // as_of strictly rising across every tick this run sends, a microsecond apart at least.
    private static V1.MarketData Market(string companyId, double marketCap, double volatility)
    {
        var now = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        var micros = Math.Max(now, Interlocked.Increment(ref _lastMicros));
        Interlocked.Exchange(ref _lastMicros, micros);
        return new V1.MarketData
        {
            CompanyId = companyId,
            MarketCap = marketCap,
            EquityVolatility = volatility,
            RiskFreeRate = 0.04,
            AsOf = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddTicks(micros * 10)),
        };
    }

    private static JsonObject Summary(List<double> latencies, int bytes)
    {
        latencies.Sort();
        double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        return new JsonObject
        {
            ["samples"] = latencies.Count,
            ["p50_ms"] = Report.Round(At(0.5), 2),
            ["p90_ms"] = Report.Round(At(0.9), 2),
            ["max_ms"] = Report.Round(latencies[^1], 2),
            ["response_bytes"] = bytes,
            ["measured_at"] = DateTimeOffset.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        };
    }
}

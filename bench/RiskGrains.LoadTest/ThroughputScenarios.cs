using System.Text.Json.Nodes;
using Grpc.Core;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.LoadTest;

/// <summary>The ingest and baseline scenarios, and the company set-up they share with latency.</summary>
internal static class ThroughputScenarios
{
    private const int MaxSetupMessageBytes = 1024 * 1024;

    /// <summary>Gives each company a profile, the periods and the commitments of one sample company, by batched Ingest.</summary>
    public static async Task SetupCompanies(RunContext run, string phase, int companies, Func<SampleFundamentals, int, IEnumerable<V1.IngestItem>> itemsFor)
    {
        var o = run.Options;
        var sample = SampleFundamentals.Load(o.SamplePath);
        run.Report["sample"] = sample.Path;

        // As many companies per message as fit in about 1 MiB (the server takes up to 4 MiB), at most 100.
        var perCompany = Enumerable.Range(0, sample.Companies.Count)
            .Max(i => new V1.IngestRequest { Items = { itemsFor(sample, i) } }.CalculateSize());
        var companiesPerMessage = Math.Clamp(MaxSetupMessageBytes / Math.Max(1, perCompany), 1, 100);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(run.Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(o.SetupTimeoutSeconds));
        var result = await IngestRunner.RunSetup(
            phase, run.Connections, companies, companiesPerMessage, o.Streams, i => itemsFor(sample, i), run.Server, timeout.Token);

        var json = Report.Describe(result);
        json["companies"] = companies;
        json["companies_per_message"] = companiesPerMessage;
        json["max_bytes_per_company"] = perCompany;
        json["companies_per_second"] = result.Elapsed > TimeSpan.Zero ? Report.Round(companies / result.Elapsed.TotalSeconds) : null;
        run.Report[phase] = json;
        if (timeout.IsCancellationRequested && !run.Cancellation.IsCancellationRequested)
        {
            throw new LoadTestException($"{phase} did not finish within --setup-timeout {o.SetupTimeoutSeconds} s");
        }

        Report.EnsureClean(result);
    }

    public static Task SetupSampleCompanies(RunContext run) =>
        SetupCompanies(run, "setup", run.Options.Companies, (sample, i) => sample.SetupItems(run.Options.CompanyId(i), i));

    /// <summary>baseline: ticks to BaselineService.Ingest, which decodes and counts them only.</summary>
    public static async Task<IngestPhaseResult> Baseline(RunContext run)
    {
        var o = run.Options;
        IngestPhaseResult result;
        try
        {
            await Warmup(run, baseline: true);
            result = await IngestRunner.RunTicks("baseline", run.Connections, baseline: true, run.CompanyIds, o.Streams, o.Batch, run.Duration, run.Server, run.Cancellation);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            throw BaselineNotServed();
        }

        if (result.Failures.Any(f => f.StartsWith(nameof(StatusCode.Unimplemented), StringComparison.Ordinal)))
        {
            throw BaselineNotServed();
        }

        run.Report["baseline"] = Report.Describe(result, baseline: true);
        run.Report["baseline_ticks_per_second"] = Report.Round(result.PerSecond);
        Report.EnsureClean(result);
        return result;
    }

    /// <summary>
    /// Ticks of one company in one message when each of the streams owns its share of the companies:
    /// above 1 the server may collapse them to the newest (counted as ignored).
    /// </summary>
    public static void ReportTicksPerCompany(RunContext run, int companies)
    {
        var o = run.Options;
        var perStream = Math.Max(1, companies / Math.Max(1, Math.Min(o.Streams, companies)));
        run.Report["ticks_per_company_per_message"] = (o.Batch + perStream - 1) / perStream;
    }

    /// <summary>ingest: set-up, then the baseline, then the same ticks to RiskService.Ingest; the ratio of the two rates.</summary>
    public static async Task Ingest(RunContext run)
    {
        var o = run.Options;
        if (!o.NoSetup)
        {
            await SetupSampleCompanies(run);
        }

        ReportTicksPerCompany(run, o.Companies);
        var baseline = await Baseline(run);
        await Warmup(run, baseline: false);
        var probe = o.Probe > 0 ? await ScoreProbe.Open(run.Connections.Invokers[0], run.CompanyIds, o.Probe, run.Cancellation) : null;
        IngestPhaseResult ingest;
        var board = new RiskGrains.Baseline.V1.BaselineService.BaselineServiceClient(run.Connections.Invokers[0]);
        RiskGrains.Baseline.V1.MarketBoardWaitsResponse waits;
        await using (probe)
        {
            await board.MarketBoardWaitsAsync(new() { Reset = true }, cancellationToken: run.Cancellation);
            ingest = await IngestRunner.RunTicks("ingest", run.Connections, baseline: false, run.CompanyIds, o.Streams, o.Batch, run.Duration, run.Server, run.Cancellation, probe);
            waits = await board.MarketBoardWaitsAsync(new() { Reset = false }, cancellationToken: run.Cancellation);
        }

        run.Report["ingest"] = Report.Describe(ingest);

        // Absorbed: every tick the server took and counted (applied, conflated or ignored); round 1 called it ticks_per_second.
        run.Report["ticks_per_second"] = Report.Round(ingest.PerSecond);
        run.Report["absorbed_ticks_per_second"] = Report.Round(ingest.PerSecond);
        run.Report["applied_ticks_per_second"] = Report.Round(ingest.AppliedPerSecond);
        run.Report["conflated_ticks_per_second"] = Report.Round(ingest.ConflatedPerSecond);
        run.Report["ratio"] = baseline.PerSecond > 0 ? Math.Round(ingest.PerSecond / baseline.PerSecond, 4) : null;
        // On the server: the age of the oldest tick a company's score did not reflect when its grain took the newest.
        run.Report["tick_to_score_p99_ms"] = waits.Turns > 0 ? Report.Round(waits.P99Ms, 2) : null;
        run.Report["tick_to_score"] = new JsonObject
        {
            ["turns"] = waits.Turns,
            ["attached_companies"] = waits.Attached,
            ["p50_ms"] = Report.Round(waits.P50Ms, 2),
            ["p90_ms"] = Report.Round(waits.P90Ms, 2),
            ["p99_ms"] = Report.Round(waits.P99Ms, 2),
            ["max_ms"] = Report.Round(waits.MaxMs, 2),
        };
        if (probe is not null)
        {
            // At a watcher: from a tick's send to the arrival of an update reflecting it, transport queues included.
            run.Report["tick_to_watcher"] = new JsonObject
            {
                ["companies"] = probe.Companies,
                ["ticks"] = probe.Latency.Count,
                ["unresolved"] = probe.Unresolved,
                ["p50_ms"] = probe.Latency.PercentileMs(50) is { } p50 ? Report.Round(p50, 2) : null,
                ["p90_ms"] = probe.Latency.PercentileMs(90) is { } p90 ? Report.Round(p90, 2) : null,
                ["p99_ms"] = probe.Latency.PercentileMs(99) is { } p99 ? Report.Round(p99, 2) : null,
                ["max_ms"] = Report.Round(probe.Latency.MaxMs, 2),
            };
        }

        run.Report["generator_cpu_seconds"] = Report.Round(ingest.GeneratorCpu.TotalSeconds, 2);
        run.Report["generator_cpu_share"] = ingest.Elapsed > TimeSpan.Zero
            ? Math.Round(ingest.GeneratorCpu.TotalSeconds / (ingest.Elapsed.TotalSeconds * Environment.ProcessorCount), 3)
            : null;
        Report.EnsureClean(ingest);
    }

    /// <summary>baseline alone.</summary>
    public static async Task BaselineOnly(RunContext run)
    {
        ReportTicksPerCompany(run, run.Options.Companies);
        var baseline = await Baseline(run);
        run.Report["generator_cpu_seconds"] = Report.Round(baseline.GeneratorCpu.TotalSeconds, 2);
        run.Report["generator_cpu_share"] = baseline.Elapsed > TimeSpan.Zero
            ? Math.Round(baseline.GeneratorCpu.TotalSeconds / (baseline.Elapsed.TotalSeconds * Environment.ProcessorCount), 3)
            : null;
    }

    /// <summary>Unrecorded ticks first: the first seconds carry both processes' JIT (tiered compilation) and the grains' activation.</summary>
    private static async Task Warmup(RunContext run, bool baseline)
    {
        var o = run.Options;
        if (o.WarmupSeconds == 0)
        {
            return;
        }

        var phase = baseline ? "baseline-warmup" : "ingest-warmup";
        var result = await IngestRunner.RunTicks(phase, run.Connections, baseline, run.CompanyIds, o.Streams, o.Batch, TimeSpan.FromSeconds(o.WarmupSeconds), run.Server, run.Cancellation);
        if (baseline && result.Failures.Any(f => f.StartsWith(nameof(StatusCode.Unimplemented), StringComparison.Ordinal)))
        {
            throw BaselineNotServed();
        }

        Report.EnsureClean(result);
    }

    private static LoadTestException BaselineNotServed() =>
        new("riskgrains.loadtest.v1.BaselineService is not served: start the server with --RiskGrains:EnableBaseline=true");
}

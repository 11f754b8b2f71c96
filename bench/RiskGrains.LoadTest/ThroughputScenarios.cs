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
        var ingest = await IngestRunner.RunTicks("ingest", run.Connections, baseline: false, run.CompanyIds, o.Streams, o.Batch, run.Duration, run.Server, run.Cancellation);
        run.Report["ingest"] = Report.Describe(ingest);
        run.Report["ticks_per_second"] = Report.Round(ingest.PerSecond);
        run.Report["ratio"] = baseline.PerSecond > 0 ? Math.Round(ingest.PerSecond / baseline.PerSecond, 4) : null;
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

using System.Text.Json.Nodes;
using Grpc.Core;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.LoadTest;

/// <summary>
/// scale: activates C companies of 8 quarterly periods and 5 commitments (12 payments each) by
/// batched Ingest, times it, and divides the server's resident-memory growth by C.
/// </summary>
internal static class ScaleScenario
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);
    private const int RssSamples = 5;
    private static readonly TimeSpan RssInterval = TimeSpan.FromMilliseconds(500);

    public static async Task Run(RunContext run)
    {
        var o = run.Options;
        if (run.Server is null)
        {
            Console.Error.WriteLine($"[scale] no process found listening on port {o.Target.Port}; memory per company will be null (pass --server-pid)");
        }

        // Companies outside the measured set first, so the server's one-off costs (JIT, pools, the
        // first growth of its heap) land before the "before" reading and the figure is per company.
        var warmupCompanies = o.WarmupSeconds > 0 ? Math.Clamp(o.Companies / 10, 1, 1_000) : 0;
        if (warmupCompanies > 0)
        {
            await ThroughputScenarios.SetupCompanies(run, "activation_warmup", warmupCompanies, (sample, i) => sample.QuarterlyItems(WarmupCompanyId(o, i), i));
            await Task.Delay(Settle, run.Cancellation);
        }

        run.Report["warmup_companies"] = warmupCompanies;
        var rssBefore = run.Server is { } s ? await s.MinimumResidentBytes(RssSamples, RssInterval, run.Cancellation) : null;
        await ThroughputScenarios.SetupCompanies(run, "activation", o.Companies, (sample, i) => sample.QuarterlyItems(o.CompanyId(i), i));

        var activation = run.Report["activation"]!.AsObject();
        var elapsed = activation["elapsed_seconds"]!.GetValue<double>();
        run.Report["activation_seconds"] = elapsed;
        run.Report["companies_per_second"] = activation["companies_per_second"]?.DeepClone();
        run.Report["writes_per_second"] = elapsed > 0 ? Report.Round(activation["acknowledged"]!.GetValue<long>() / elapsed) : null;
        if (activation["ignored"]!.GetValue<long>() > 0)
        {
            run.Report["warning"] = "some writes were ignored as unchanged: these companies existed before the run, so the memory growth undercounts; use a fresh server or another --prefix";
        }

        Console.Error.WriteLine($"[scale] settling {Settle.TotalSeconds:F0} s, then {RssSamples} VmRSS samples {RssInterval.TotalMilliseconds:F0} ms apart");
        await Task.Delay(Settle, run.Cancellation);
        var rssAfter = run.Server is { } server ? await server.MinimumResidentBytes(RssSamples, RssInterval, run.Cancellation) : null;

        run.Report["server_rss_before_bytes"] = rssBefore;
        run.Report["server_rss_after_bytes"] = rssAfter;
        run.Report["bytes_per_company"] = rssBefore is { } b && rssAfter is { } a ? Report.Round((a - b) / (double)o.Companies) : null;
        run.Report["rss_method"] = $"VmRSS of /proc/PID/status; before: after the warm-up companies and a {Settle.TotalSeconds:F0} s settle, minimum of {RssSamples} samples {RssInterval.TotalMilliseconds:F0} ms apart; after: {Settle.TotalSeconds:F0} s settle, then minimum of {RssSamples} samples {RssInterval.TotalMilliseconds:F0} ms apart; the server's GC cannot be forced remotely, so garbage not yet collected counts";
        run.Report["verified"] = await Verify(run);
    }

    private static string WarmupCompanyId(LoadTestOptions o, int index) => $"{o.Prefix}W{index + 1:D6}";

    /// <summary>Reads back a few companies: each must hold 8 periods and 5 commitments.</summary>
    private static async Task<JsonArray> Verify(RunContext run)
    {
        var o = run.Options;
        var client = run.Connections.Clients[0];
        var checkedIds = new[] { 0, o.Companies / 2, o.Companies - 1 }.Distinct().Select(o.CompanyId);
        var results = new JsonArray();
        foreach (var id in checkedIds)
        {
            try
            {
                var risk = (await client.GetRiskAsync(new V1.GetRiskRequest { CompanyId = id }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: run.Cancellation)).Risk;
                var ok = risk.Inputs.Periods == 8 && risk.Inputs.Commitments == 5;
                results.Add(new JsonObject
                {
                    ["company_id"] = id,
                    ["periods"] = risk.Inputs.Periods,
                    ["commitments"] = risk.Inputs.Commitments,
                    ["version"] = risk.Version,
                    ["score"] = risk.HasScore ? Math.Round(risk.Score, 2) : null,
                    ["band"] = risk.Band.ToString(),
                    ["ok"] = ok,
                });
                if (!ok)
                {
                    throw new LoadTestException($"{id} holds {risk.Inputs.Periods} periods and {risk.Inputs.Commitments} commitments, not 8 and 5");
                }
            }
            catch (RpcException e)
            {
                throw new LoadTestException($"GetRisk({id}) failed: {e.StatusCode}: {e.Status.Detail}");
            }
        }

        return results;
    }
}

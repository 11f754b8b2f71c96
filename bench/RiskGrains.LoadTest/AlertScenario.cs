using System.Text.Json.Nodes;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.LoadTest;

/// <summary>
/// alerts: the cost on the tick path of alert rules that do not cover the ticked companies. The same ticks as
/// ingest, in rounds alternating between no rule at all and 1,000 rules (50 company ids each, none of them
/// ticked); per phase the rate and the server's CPU per tick. A company that no rule covers should pay one
/// dictionary lookup per version (docs/architecture.md, alerts).
/// </summary>
internal static class AlertScenario
{
    private const int Rules = 1_000;
    private const int IdsPerRule = 50;
    private const int Rounds = 2;

    public static async Task Run(RunContext run)
    {
        var o = run.Options;
        var alerts = new V1.AlertService.AlertServiceClient(ServerConnections.Open(o.Target));
        if (!o.NoSetup)
        {
            // The scale scenario's companies (8 quarters, 5 commitments): the sample's own source texts are longer than RiskGrains:Limits:MaxSourceLength.
            await ThroughputScenarios.SetupCompanies(run, "setup", o.Companies, (sample, i) => sample.QuarterlyItems(o.CompanyId(i), i));
        }

        ThroughputScenarios.ReportTicksPerCompany(run, o.Companies);
        await RemoveRules(alerts, run.Cancellation);
        await Phase(run, "warmup", TimeSpan.FromSeconds(Math.Max(1, o.WarmupSeconds)));
        var phases = new JsonArray();
        var rates = new Dictionary<string, List<double>> { ["no_rules"] = [], ["rules_not_covering"] = [] };
        var cpu = new Dictionary<string, List<double>> { ["no_rules"] = [], ["rules_not_covering"] = [] };
        for (var round = 1; round <= Rounds; round++)
        {
            foreach (var withRules in (bool[])[false, true])
            {
                var name = withRules ? "rules_not_covering" : "no_rules";
                if (withRules)
                {
                    await UpsertRules(alerts, o, run.Cancellation);
                }

                var result = await Phase(run, $"{name}_{round}", run.Duration);
                var json = Report.Describe(result);
                json["phase"] = $"{name}_{round}";
                phases.Add(json);
                rates[name].Add(result.PerSecond);
                if (result.ServerCpu is { } server && result.Acknowledged > 0)
                {
                    cpu[name].Add(server.TotalMicroseconds / result.Acknowledged);
                }

                if (withRules)
                {
                    await RemoveRules(alerts, run.Cancellation);
                }
            }
        }

        run.Report["rules"] = Rules;
        run.Report["company_ids_per_rule"] = IdsPerRule;
        run.Report["phases"] = phases;
        foreach (var name in rates.Keys)
        {
            run.Report[$"{name}_ticks_per_second"] = Report.Round(rates[name].Average());
            run.Report[$"{name}_server_cpu_us_per_tick"] = cpu[name].Count > 0 ? Report.Round(cpu[name].Average(), 3) : null;
        }

        run.Report["load_average"] = MachineLoad.LoadAverage();
    }

    private static async Task<IngestPhaseResult> Phase(RunContext run, string phase, TimeSpan duration)
    {
        var o = run.Options;
        var result = await IngestRunner.RunTicks(phase, run.Connections, baseline: false, run.CompanyIds, o.Streams, o.Batch, duration, run.Server, run.Cancellation);
        Report.EnsureClean(result);
        return result;
    }

    // Rules on ids that no tick names: a ticked company finds none of them.
    private static async Task UpsertRules(V1.AlertService.AlertServiceClient alerts, LoadTestOptions o, CancellationToken cancellation)
    {
        for (var r = 0; r < Rules; r++)
        {
            var rule = new V1.AlertRule { RuleId = $"{o.Prefix}RULE-{r:D4}", Field = "score", Comparison = V1.Comparison.Above, Threshold = 90 };
            rule.CompanyIds.Add(Enumerable.Range(0, IdsPerRule).Select(i => $"{o.Prefix}NOTICKED-{r:D4}-{i:D2}"));
            await alerts.UpsertAlertRuleAsync(new V1.UpsertAlertRuleRequest { Rule = rule }, cancellationToken: cancellation);
        }
    }

    private static async Task RemoveRules(V1.AlertService.AlertServiceClient alerts, CancellationToken cancellation)
    {
        foreach (var rule in (await alerts.ListAlertRulesAsync(new V1.ListAlertRulesRequest(), cancellationToken: cancellation)).Rules)
        {
            await alerts.RemoveAlertRuleAsync(new V1.RemoveAlertRuleRequest { RuleId = rule.RuleId }, cancellationToken: cancellation);
        }
    }
}

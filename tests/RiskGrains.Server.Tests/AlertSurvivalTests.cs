using Grpc.Core;
using RiskGrains.Contract.V1;
using Xunit.Abstractions;
using static RiskGrains.Server.Tests.AlertRequests;

namespace RiskGrains.Server.Tests;

/// <summary>
/// Alerts across the loss of a process: a server killed with SIGKILL and started again on its data folder, and a
/// cluster of two silos on a real redis-server that loses one. Rules, alerts, sequences and fired marks are durable.
/// </summary>
[Trait("Category", "Process")] // server processes killed with SIGKILL, a redis-server
public sealed class AlertSurvivalTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task After_kill_9_the_rules_and_alerts_are_there_a_value_still_inside_does_not_fire_and_sequences_go_on()
    {
        var id = Requests.NewCompanyId("KA");
        var rule = NewRuleId("KA");
        AlertEvent first;
        await using (var server = await ServerProcess.StartAsync(ServiceHost.TempDirectory(), "--RiskGrains:LoadSampleData", "false"))
        {
            var alerts = new AlertService.AlertServiceClient(server.Channel);
            await Requests.CreateAsync(server.Client, id);
            await alerts.UpsertAlertRuleAsync(LiquidityBelow(rule, 100, 10, id));
            var entered = await SetCashAsync(server.Client, id, 10);
            using var watch = alerts.WatchAlerts(WatchFrom(0, rule));
            first = (await TakeAsync(watch, 1, Timeout)).Single();
            Assert.Equal(entered, first.Version);

            // Sent only once stored: the kill comes right after.
            server.KillHard();
            await using var restarted = await server.StartAgainAsync();
            alerts = new AlertService.AlertServiceClient(restarted.Channel);

            Assert.Contains((await alerts.ListAlertRulesAsync(new ListAlertRulesRequest())).Rules, r => r.RuleId == rule);
            using (var replay = alerts.WatchAlerts(WatchFrom(0, rule)))
            {
                Assert.Equal([first], await TakeAsync(replay, 1, Timeout));
            }

            // Still inside the region after the restart: no alert. A sentinel rule that always fires shows the
            // company's edges up to its version have reached the log.
            using var all = alerts.WatchAlerts(WatchFrom(first.Sequence));
            await SetCashAsync(restarted.Client, id, 5);
            var sentinel = NewRuleId("KS");
            await alerts.UpsertAlertRuleAsync(new UpsertAlertRuleRequest { Rule = new AlertRule { RuleId = sentinel, Field = "liquidity", Comparison = Comparison.Above, Threshold = -1e15, CompanyIds = { id } } });
            await restarted.Client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow));
            var untilSentinel = await TakeAsync(all, 1, Timeout);
            Assert.Equal([sentinel], untilSentinel.Select(a => a.RuleId));

            // Out past the hysteresis and back in: the next alert, after every sequence before the kill.
            await SetCashAsync(restarted.Client, id, 200);
            var again = await SetCashAsync(restarted.Client, id, 0);
            var next = (await TakeAsync(all, 1, Timeout)).Single();
            Assert.Equal((rule, again, 20.0), (next.RuleId, next.Version, next.Value));
            Assert.True(next.Sequence > untilSentinel[0].Sequence && untilSentinel[0].Sequence > first.Sequence);
        }
    }

    [Fact]
    public async Task In_a_cluster_on_Redis_alerts_fire_once_per_crossing_through_any_silo_and_go_on_after_one_is_killed()
    {
        using var redis = await RedisServer.StartAsync();
        var clusterId = "alerts-" + Guid.NewGuid().ToString("N")[..8];
        var silos = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => ClusterTests.StartSilo(redis, clusterId)));
        try
        {
            var (a, b) = (silos[0], silos[1]);
            var alertsA = new AlertService.AlertServiceClient(a.Channel);
            var ids = Enumerable.Range(0, 6).Select(i => Requests.NewCompanyId($"CA{i}")).ToArray();
            foreach (var id in ids)
            {
                await Requests.CreateAsync(b.Client, id);
            }

            // The rule is written through A, the companies through B, the alerts watched on A.
            var rule = NewRuleId("CA");
            await alertsA.UpsertAlertRuleAsync(LiquidityBelow(rule, 100, 10, ids));
            using var watch = alertsA.WatchAlerts(WatchFrom(0, rule));
            foreach (var id in ids)
            {
                await SetCashAsync(b.Client, id, 0);
            }

            var before = await TakeAsync(watch, ids.Length, Timeout);
            Assert.Equal(ids.Order(StringComparer.Ordinal), before.Select(x => x.CompanyId).Order(StringComparer.Ordinal));

            // B goes, with whatever it hosted (companies, the rules, the log). Through A: each company once more
            // inside (no alert), out past the hysteresis, and in again (one alert each).
            b.KillHard();
            foreach (var id in ids)
            {
                await Retried(() => SetCashAsync(a.Client, id, 5));
                await Retried(() => SetCashAsync(a.Client, id, 200));
                await Retried(() => SetCashAsync(a.Client, id, 1));
            }

            var after = await TakeAsync(watch, ids.Length, Timeout);
            Assert.Equal(ids.Order(StringComparer.Ordinal), after.Select(x => x.CompanyId).Order(StringComparer.Ordinal));
            Assert.All(after, x => Assert.Equal(21.0, x.Value));
            var sequences = before.Concat(after).Select(x => x.Sequence).ToList();
            Assert.Equal(sequences.Order(), sequences);
            Assert.Equal(sequences.Count, sequences.Distinct().Count());

            // A new watch on the surviving silo replays the same twelve, from Redis.
            using var replay = alertsA.WatchAlerts(WatchFrom(0, rule));
            Assert.Equal(before.Concat(after), await TakeAsync(replay, 2 * ids.Length, Timeout));
            output.WriteLine($"sequences: {string.Join(", ", sequences)}");
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    // A write to a company of the lost silo waits for the cluster to declare it dead and reactivate the company.
    private static async Task<T> Retried<T>(Func<Task<T>> write)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            try
            {
                return await write();
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}

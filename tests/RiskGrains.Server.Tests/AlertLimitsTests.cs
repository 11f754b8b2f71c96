using Grpc.Core;
using RiskGrains.Contract.V1;
using static RiskGrains.Server.Tests.AlertRequests;

namespace RiskGrains.Server.Tests;

/// <summary>The limits of AlertService on a server of its own with small ones.</summary>
public sealed class AlertLimitsTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    private AlertService.AlertServiceClient Client => new(_host.Channel);

    public async Task InitializeAsync() => _host = await ServiceHost.StartAsync(
        loadSampleData: false,
        dataDir: null,
        "--RiskGrains:Limits:MaxAlertRules", "2",
        "--RiskGrains:Limits:MaxAlertRuleCompanies", "3",
        "--RiskGrains:Limits:MaxAlertWatchStreamsPerPrincipal", "1");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_rule_past_the_most_rules_is_refused_naming_the_limit_while_replacing_one_still_works()
    {
        var (a, b) = (NewRuleId("M1"), NewRuleId("M2"));
        await Client.UpsertAlertRuleAsync(LiquidityBelow(a, 10, 0, "CO-1"));
        var second = await Client.UpsertAlertRuleAsync(LiquidityBelow(b, 10, 0, "CO-1"));

        await Refusals.AssertStatus(
            () => Client.UpsertAlertRuleAsync(LiquidityBelow(NewRuleId("M3"), 10, 0, "CO-1")).ResponseAsync,
            StatusCode.ResourceExhausted,
            "there are 2 alert rules already, the most RiskGrains:Limits:MaxAlertRules allows; remove one first");
        var replaced = await Client.UpsertAlertRuleAsync(LiquidityBelow(b, 20, 0, "CO-1", "CO-2", "CO-3"));

        Assert.Equal(second.Version + 1, replaced.Version);
        Assert.Equal([a, b], (await Client.ListAlertRulesAsync(new ListAlertRulesRequest())).Rules.Select(r => r.RuleId).Order(StringComparer.Ordinal));
        await Refusals.AssertInvalid(
            () => Client.UpsertAlertRuleAsync(LiquidityBelow(b, 20, 0, "CO-1", "CO-2", "CO-3", "CO-4")).ResponseAsync,
            "rule.company_ids",
            "must hold at most 3 company ids (RiskGrains:Limits:MaxAlertRuleCompanies)");
    }

    [Fact]
    public async Task A_caller_past_its_watch_streams_is_refused_naming_the_limit()
    {
        var id = Requests.NewCompanyId("QW");
        await Requests.CreateAsync(_host.Client, id);
        var rule = NewRuleId("QW");
        await Client.UpsertAlertRuleAsync(LiquidityBelow(rule, 100, 0, id));
        await SetCashAsync(_host.Client, id, 0);
        using var first = Client.WatchAlerts(WatchFrom(0, rule));
        Assert.Single(await TakeAsync(first, 1, TimeSpan.FromSeconds(20)));

        var refused = await Refusals.AssertStatus(
            async () =>
            {
                using var second = Client.WatchAlerts(WatchFrom(0, rule));
                await second.ResponseStream.MoveNext(CancellationToken.None);
            },
            StatusCode.ResourceExhausted,
            "'anonymous' has 1 WatchAlerts streams open, the most RiskGrains:Limits:MaxAlertWatchStreamsPerPrincipal allows");

        // Released when the first ends.
        first.Dispose();
        var again = await Eventually.Returns(
            async () =>
            {
                try
                {
                    using var third = Client.WatchAlerts(WatchFrom(0, rule));
                    return await TakeAsync(third, 1, TimeSpan.FromSeconds(5));
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    return [];
                }
            },
            alerts => alerts.Count == 1);
        Assert.Single(again);
    }
}

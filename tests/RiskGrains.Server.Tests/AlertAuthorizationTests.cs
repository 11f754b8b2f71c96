using Grpc.Core;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Grpc;
using static RiskGrains.Server.Tests.AlertRequests;

namespace RiskGrains.Server.Tests;

/// <summary>ApiKey mode: every RPC of AlertService for every kind of caller. A reader lists and watches; a writer also changes rules.</summary>
public sealed class AlertAuthorizationTests(ApiKeyService service) : IClassFixture<ApiKeyService>
{
    private static readonly string[] Writes = ["UpsertAlertRule", "RemoveAlertRule"];

    private static readonly string[] Reads = ["ListAlertRules", "WatchAlerts"];

    private AlertService.AlertServiceClient Client => new(service.Host.Channel);

    public static TheoryData<string, string> EveryRpcForEveryCaller() => CallerCases.For(Writes.Concat(Reads));

    [Theory]
    [MemberData(nameof(EveryRpcForEveryCaller))]
    public async Task Each_rpc_answers_each_caller_as_its_role_allows(string rpc, string caller)
    {
        var rule = NewRuleId("AUTH");
        var admin = service.Bearer(ApiKeyService.Admin);
        await Client.UpsertAlertRuleAsync(LiquidityBelow(rule, 100, 0, service.CompanyId), admin);
        var before = await Client.ListAlertRulesAsync(new ListAlertRulesRequest(), admin);
        var headers = CallerCases.Headers(service, caller);
        var (expected, message) = CallerCases.Expected("AlertService", rpc, Writes.Contains(rpc), caller);

        var call = Call(rpc, rule, headers);

        if (expected == StatusCode.OK)
        {
            await call;
        }
        else
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => call);
            Assert.Equal((expected, message), (refused.StatusCode, refused.Status.Detail));
            Assert.Equal(before, await Client.ListAlertRulesAsync(new ListAlertRulesRequest(), admin));
        }
    }

    [Fact]
    public void Every_rpc_of_the_service_names_its_role_policy() =>
        CallerCases.AssertPolicies(typeof(AlertGrpcService), typeof(AlertService.AlertServiceBase), Writes, Reads);

    private Task Call(string rpc, string rule, Metadata? headers) => rpc switch
    {
        "UpsertAlertRule" => Client.UpsertAlertRuleAsync(LiquidityBelow(rule, 50, 0, service.CompanyId), headers).ResponseAsync,
        "RemoveAlertRule" => Client.RemoveAlertRuleAsync(new RemoveAlertRuleRequest { RuleId = rule }, headers).ResponseAsync,
        "ListAlertRules" => ListsTheRule(rule, headers),
        "WatchAlerts" => OpensAWatch(rule, headers),
        _ => throw new ArgumentOutOfRangeException(nameof(rpc), rpc, "not an RPC of AlertService"),
    };

    private async Task ListsTheRule(string rule, Metadata? headers) =>
        Assert.Contains((await Client.ListAlertRulesAsync(new ListAlertRulesRequest(), headers)).Rules, r => r.RuleId == rule);

    // No alert of a fresh rule is stored: the call is accepted once it runs past a short deadline instead of being refused.
    private async Task OpensAWatch(string rule, Metadata? headers)
    {
        using var watch = Client.WatchAlerts(WatchFrom(0, rule), headers, deadline: DateTime.UtcNow.AddSeconds(1));
        var ended = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));
        if (ended.StatusCode != StatusCode.DeadlineExceeded)
        {
            throw ended;
        }
    }
}

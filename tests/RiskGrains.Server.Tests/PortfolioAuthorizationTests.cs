using Grpc.Core;
using Microsoft.Extensions.Logging;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Grpc;
using static RiskGrains.Server.Tests.PortfolioRequests;

namespace RiskGrains.Server.Tests;

/// <summary>ApiKey mode: every RPC of PortfolioService for every kind of caller, and the principal recorded with each change.</summary>
public sealed class PortfolioAuthorizationTests(ApiKeyService service) : IClassFixture<ApiKeyService>
{
    private static readonly string[] Writes = ["UpsertPortfolio", "RemovePortfolio"];

    private static readonly string[] Reads = ["GetPortfolio", "ListPortfolios", "WatchPortfolio", "RunPortfolioScenario"];

    private PortfolioService.PortfolioServiceClient Client => new(service.Host.Channel);

    public static TheoryData<string, string> EveryRpcForEveryCaller() => CallerCases.For(Writes.Concat(Reads));

    [Theory]
    [MemberData(nameof(EveryRpcForEveryCaller))]
    public async Task Each_rpc_answers_each_caller_as_its_role_allows(string rpc, string caller)
    {
        var id = NewPortfolioId("AUTH");
        await Client.UpsertPortfolioAsync(Portfolio(id, (service.CompanyId, 10, 0.45)), service.Bearer(ApiKeyService.Admin));
        var headers = CallerCases.Headers(service, caller);
        var (expected, message) = CallerCases.Expected("PortfolioService", rpc, Writes.Contains(rpc), caller);

        var call = Call(rpc, id, headers);

        if (expected == StatusCode.OK)
        {
            await call;
        }
        else
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => call);
            Assert.Equal((expected, message), (refused.StatusCode, refused.Status.Detail));
            var unchanged = await Client.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = id }, service.Bearer(ApiKeyService.Reader));
            Assert.Equal((1UL, 10.0), (unchanged.Risk.Version, unchanged.Risk.TotalExposure));
        }
    }

    [Fact]
    public void Every_rpc_of_the_service_names_its_role_policy() =>
        CallerCases.AssertPolicies(typeof(PortfolioGrpcService), typeof(PortfolioService.PortfolioServiceBase), Writes, Reads);

    [Fact]
    public async Task The_log_names_who_changed_and_who_removed_a_portfolio()
    {
        var id = NewPortfolioId("BY");
        await Client.UpsertPortfolioAsync(Portfolio(id, (service.CompanyId, 10, 0.45)), service.Bearer(ApiKeyService.Writer));
        await Client.RemovePortfolioAsync(new RemovePortfolioRequest { PortfolioId = id }, service.Bearer(ApiKeyService.Admin));

        var changes = service.Host.Logs.Entries.Where(e => e.Category == "RiskGrains.Grains.PortfolioGrain" && e.Level == LogLevel.Information).Select(e => e.Message).ToList();
        Assert.Contains($"Portfolio {id} version 1: 1 positions by desk-writer", changes);
        Assert.Contains($"Portfolio {id} removed at version 1 by desk-admin", changes);
    }

    private Task Call(string rpc, string id, Metadata? headers) => rpc switch
    {
        "UpsertPortfolio" => Client.UpsertPortfolioAsync(Portfolio(id, (service.CompanyId, 20, 0.45)), headers).ResponseAsync,
        "RemovePortfolio" => Client.RemovePortfolioAsync(new RemovePortfolioRequest { PortfolioId = id }, headers).ResponseAsync,
        "GetPortfolio" => Client.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = id }, headers).ResponseAsync,
        "ListPortfolios" => Client.ListPortfoliosAsync(new ListPortfoliosRequest(), headers).ResponseAsync,
        "WatchPortfolio" => FirstFigures(id, headers),
        "RunPortfolioScenario" => Client.RunPortfolioScenarioAsync(new RunPortfolioScenarioRequest { PortfolioId = id, Preset = "rate-shock" }, headers).ResponseAsync,
        _ => throw new ArgumentOutOfRangeException(nameof(rpc), rpc, "not an RPC of PortfolioService"),
    };

    private async Task FirstFigures(string id, Metadata? headers)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var watch = Client.WatchPortfolio(new WatchPortfolioRequest { PortfolioId = id }, headers, cancellationToken: cancel.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(id, watch.ResponseStream.Current.Risk.PortfolioId);
    }
}

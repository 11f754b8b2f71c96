using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Grpc;
using static RiskGrains.Server.Tests.PortfolioRequests;

namespace RiskGrains.Server.Tests;

/// <summary>PortfolioService's bounds, each reached in a few calls: positions per portfolio, watch streams per caller and in all.</summary>
public sealed class PortfolioLimitsTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    private PortfolioService.PortfolioServiceClient Client => new(_host.Channel);

    private StreamQuotas Quotas => _host.Services.GetRequiredService<StreamQuotas>();

    public async Task InitializeAsync() => _host = await ServiceHost.StartAsync(
        loadSampleData: false,
        dataDir: null,
        "--RiskGrains:Limits:MaxPortfolioPositions", "3",
        "--RiskGrains:Limits:MaxPortfolioWatchStreams", "2",
        "--RiskGrains:Limits:MaxPortfolioWatchStreamsPerPrincipal", "1");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_portfolio_past_the_positions_limit_is_refused_naming_the_setting_and_changes_nothing()
    {
        var id = NewPortfolioId("MAX");
        await Client.UpsertPortfolioAsync(Portfolio(id, ("A", 1, 0.45), ("B", 1, 0.45), ("C", 1, 0.45)));

        await Refusals.AssertInvalid(
            () => Client.UpsertPortfolioAsync(Portfolio(id, ("A", 1, 0.45), ("B", 1, 0.45), ("C", 1, 0.45), ("D", 1, 0.45))).ResponseAsync,
            "portfolio.positions",
            "must hold at most 3 positions (RiskGrains:Limits:MaxPortfolioPositions)");

        var risk = (await Client.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = id })).Risk;
        Assert.Equal((1UL, 3), (risk.Version, risk.Positions.Count));
    }

    [Fact]
    public async Task A_second_portfolio_watch_of_one_caller_is_refused_naming_the_setting_and_a_cancelled_one_frees_its_place()
    {
        var id = NewPortfolioId("WQ");
        await Client.UpsertPortfolioAsync(Portfolio(id, ("A", 1, 0.45)));
        var request = new WatchPortfolioRequest { PortfolioId = id };
        using var first = Client.WatchPortfolio(request);
        Assert.True(await first.ResponseStream.MoveNext(CancellationToken.None));

        using (var second = Client.WatchPortfolio(request))
        {
            await Refusals.AssertStatus(
                () => second.ResponseStream.MoveNext(CancellationToken.None),
                StatusCode.ResourceExhausted,
                "'anonymous' has 1 WatchPortfolio streams open, the most RiskGrains:Limits:MaxPortfolioWatchStreamsPerPrincipal allows; close one first");
        }

        first.Dispose();
        Assert.True(await Eventually.True(() => Quotas.PortfolioWatch.Open == 0));
        using var again = Client.WatchPortfolio(request);
        Assert.True(await again.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(1, Quotas.PortfolioWatch.Open);
    }
}

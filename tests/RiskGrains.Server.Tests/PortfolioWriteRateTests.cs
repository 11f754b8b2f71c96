using Grpc.Core;
using RiskGrains.Contract.V1;
using static RiskGrains.Server.Tests.PortfolioRequests;

namespace RiskGrains.Server.Tests;

/// <summary>UpsertPortfolio and RemovePortfolio spend the caller's write tokens, as RiskService's writes do; the reads do not.</summary>
public sealed class PortfolioWriteRateTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    private PortfolioService.PortfolioServiceClient Client => new(_host.Channel);

    public async Task InitializeAsync() => _host = await ServiceHost.StartAsync(
        loadSampleData: false,
        dataDir: null,
        "--RiskGrains:Limits:WriteRatePerSecond", "1",
        "--RiskGrains:Limits:WriteBurst", "2");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Portfolio_writes_past_the_burst_are_refused_as_resource_exhausted_and_change_nothing()
    {
        var id = NewPortfolioId("RATE");
        await Client.UpsertPortfolioAsync(Portfolio(id, ("A", 1, 0.45)));
        await Client.UpsertPortfolioAsync(Portfolio(id, ("A", 2, 0.45)));

        await Refusals.AssertStatus(
            () => Client.UpsertPortfolioAsync(Portfolio(id, ("A", 3, 0.45))).ResponseAsync,
            StatusCode.ResourceExhausted,
            "'anonymous' writes faster than RiskGrains:Limits:WriteRatePerSecond (1 calls a second, bursts of RiskGrains:Limits:WriteBurst (2)); retry later");
        await Refusals.AssertStatus(
            () => Client.RemovePortfolioAsync(new RemovePortfolioRequest { PortfolioId = id }).ResponseAsync,
            StatusCode.ResourceExhausted,
            "RiskGrains:Limits:WriteRatePerSecond");

        // Reads spend no tokens.
        for (var i = 0; i < 5; i++)
        {
            var risk = (await Client.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = id })).Risk;
            Assert.Equal((2UL, 2.0), (risk.Version, risk.TotalExposure));
        }

        await Client.ListPortfoliosAsync(new ListPortfoliosRequest());
    }
}

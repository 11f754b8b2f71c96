using RiskGrains.Contract.V1;
using static RiskGrains.Server.Tests.PortfolioRequests;

namespace RiskGrains.Server.Tests;

/// <summary>A portfolio's definition and version are stored (the embedded store); its figures come back from the members after a restart.</summary>
public sealed class PortfolioRestartTests
{
    [Fact]
    public async Task A_portfolio_survives_a_restart_with_its_version_its_listing_and_its_figures_rebuilt_from_the_members()
    {
        var dataDir = ServiceHost.TempDirectory();
        var id = NewPortfolioId("RS");
        UpsertPortfolioRequest replaced;
        PortfolioRisk before;
        string a, b;
        await using (var first = await ServiceHost.StartAsync(loadSampleData: false, dataDir))
        {
            var client = new PortfolioService.PortfolioServiceClient(first.Channel);
            (a, b) = (await MemberAsync(first.Client, "RA"), await MemberAsync(first.Client, "RB", marketCap: 200));
            await client.UpsertPortfolioAsync(Portfolio(id, (a, 100, 0.45)));
            replaced = Portfolio(id, (a, 100, 0.45), (b, 25, 0.7));
            Assert.Equal(2UL, (await client.UpsertPortfolioAsync(replaced)).Version);
            before = (await client.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = id })).Risk;
        }

        await using var second = await ServiceHost.StartAsync(loadSampleData: false, dataDir);
        var restarted = new PortfolioService.PortfolioServiceClient(second.Channel);
        var after = (await restarted.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = id })).Risk;

        Assert.Equal((2UL, replaced.Portfolio.Name), (after.Version, after.Name));
        Assert.Equal(before.Positions, after.Positions);
        AssertFigures(Model.PortfolioModel.Evaluate(Domain(replaced), await LiveMembersAsync(second.Client, [a, b])), after);
        var listed = await restarted.ListPortfoliosAsync(new ListPortfoliosRequest());
        Assert.Equal(new PortfolioSummary { PortfolioId = id, Name = replaced.Portfolio.Name, Currency = "USD", Positions = 2, Version = 2 }, Assert.Single(listed.Portfolios));
        Assert.Equal(3UL, (await restarted.UpsertPortfolioAsync(Portfolio(id, (a, 1, 0.45)))).Version);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Serialization;
using Orleans.TestingHost;
using RiskGrains.Model;
using static RiskGrains.Grains.Tests.TestData;

namespace RiskGrains.Grains.Tests;

/// <summary>
/// A company forgets its observers when it deactivates; the portfolio, still active, takes its member
/// back at the next WatchRefreshInterval (one second here, in a cluster of its own) without being reactivated.
/// </summary>
public sealed class PortfolioRefreshTests : IAsyncLifetime
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly TestCluster _cluster = new TestClusterBuilder(initialSilosCount: 1)
        .AddSiloBuilderConfigurator<SiloConfigurator>()
        .AddClientBuilderConfigurator<ClientConfigurator>()
        .Build();

    private IGrainFactory Grains => _cluster.Client;

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_member_that_lost_its_observers_is_subscribed_again_at_the_next_refresh()
    {
        var id = NewCompanyId("pfrefresh");
        var company = Grains.GetGrain<ICompanyGrain>(id);
        await company.UpsertProfile(Profile(id));
        await company.ReportFinancials(Batch(Quarter(QuarterEnd(0))));
        await company.PublishMarketData(Tick(DateTimeOffset.UtcNow.AddMinutes(-10)));
        var portfolio = Grains.GetGrain<IPortfolioGrain>(NewCompanyId("pf"));
        await portfolio.Upsert(new Portfolio(portfolio.GetPrimaryKeyString(), "Refreshed", "USD", [new Position(id, 100, 0.45)], null));
        var before = (await portfolio.GetRisk())!;

        await company.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var management = Grains.GetGrain<IManagementGrain>(0);
        Assert.True(await Eventually.True(async () => !(await management.GetDetailedGrainStatistics()).Any(a => a.GrainId == company.GetGrainId())));
        await company.PublishMarketData(Tick(DateTimeOffset.UtcNow, marketCap: 120));
        var pd = (await company.GetRisk())!.Assessment.CommitmentAdjustedDefaultProbability;
        var after = await Eventually.Returns(() => portfolio.GetRisk(), s => s!.Risk.Positions[0].DefaultProbability == pd, TimeSpan.FromSeconds(10));

        Assert.NotEqual(before.Risk.Positions[0].DefaultProbability, pd);
        Assert.Equal(pd, after!.Risk.Positions[0].DefaultProbability);
        Assert.Equal(before.Epoch, after.Epoch);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            ClusterFixture.AddCompanyServices(siloBuilder, new MemoryCompanyDirectoryStore(), new MemoryHistoryStore());
            siloBuilder.Services.Configure<WatchOptions>(o => o.WatchRefreshInterval = RefreshInterval);
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Services.AddSerializer(s => s.AddRiskModelTypes());
    }
}

using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using RiskGrains.Model;
using static RiskGrains.Grains.Tests.TestData;

namespace RiskGrains.Grains.Tests;

/// <summary>State an earlier version stored beyond today's bounds is repaired when the company is activated.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RepairTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_far_future_period_and_tick_stored_earlier_are_dropped_so_real_ticks_apply_again()
    {
        var id = NewCompanyId("repair");
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        var farFuture = new DateTimeOffset(3000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await Store(company, "company", new CompanyState
        {
            Profile = Profile(id),
            Periods = [Quarter(QuarterEnd(0)), Quarter(new DateOnly(9999, 12, 31), cash: 1)],
            Market = new MarketState(1_000, 0.4, 0.04, null, farFuture),
            Version = 7,
            VersionCeiling = 7,
        });
        await Store(company, "market", new MarketRecord { Market = new MarketState(1_000, 0.4, 0.04, null, farFuture), Version = 9, VersionCeiling = 20 });

        var repaired = await company.GetRisk();

        Assert.NotNull(repaired);
        Assert.Equal(QuarterEnd(0), repaired.Assessment.T0);
        Assert.Null(repaired.MarketAsOf);
        Assert.True(repaired.Version > 20, $"the repair takes a new version above the stored ceiling, got {repaired.Version}");
        var tick = await company.PublishMarketData(Tick(DateTimeOffset.UtcNow));
        Assert.True(tick.Applied);

        var stored = await Read<CompanyState>(company, "company");
        Assert.Equal([QuarterEnd(0)], stored.Periods.Select(p => p.PeriodEnd));
        Assert.Null(stored.Market);
        Assert.Equal(repaired.Version, stored.Version);
    }

    [Fact]
    public async Task A_stored_state_within_todays_bounds_is_taken_as_it_is()
    {
        var id = NewCompanyId("intact");
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        var asOf = DateTimeOffset.UtcNow.AddMinutes(-1);
        await Store(company, "company", new CompanyState
        {
            Profile = Profile(id),
            Periods = [Quarter(QuarterEnd(0))],
            Market = new MarketState(1_000, 0.4, 0.04, null, asOf),
            Version = 4,
            VersionCeiling = 4,
        });

        var risk = await company.GetRisk();

        Assert.NotNull(risk);
        Assert.Equal(4UL, risk.Version);
        Assert.Equal(asOf, risk.MarketAsOf);
    }

    private IGrainStorage Storage => fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Companies);

    private Task Store<T>(ICompanyGrain company, string name, T state) =>
        Storage.WriteStateAsync(name, company.GetGrainId(), new GrainState<T>(state));

    private async Task<T> Read<T>(ICompanyGrain company, string name)
        where T : new()
    {
        var state = new GrainState<T>(new T());
        await Storage.ReadStateAsync(name, company.GetGrainId(), state);
        return state.State ?? new T();
    }
}

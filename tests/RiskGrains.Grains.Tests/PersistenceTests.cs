using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using RiskGrains.Model;
using static RiskGrains.Grains.Tests.TestData;

namespace RiskGrains.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class PersistenceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Fundamentals_commitments_market_state_and_version_survive_reactivation()
    {
        var id = NewCompanyId("persist");
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        await company.UpsertProfile(Profile(id));
        await company.ReportFinancials(Batch(Quarter(QuarterEnd(0)), Quarter(QuarterEnd(1), cash: 120)));
        await company.UpsertCommitment(Commitment("c1", 90, QuarterEnd(3)));
        var asOf = new DateTimeOffset(2024, 7, 1, 9, 0, 0, TimeSpan.Zero);
        var lastWrite = await company.PublishMarketData(Tick(asOf, marketCap: 1_234));
        Assert.Equal(new WriteResult(4, Applied: true), lastWrite with { Silo = null });
        var before = await company.GetRisk();

        // Deactivated right after the tick, normally before the save timer is due, so OnDeactivateAsync saves it.
        var after = await Reactivate(company);

        Assert.NotNull(before);
        Assert.Equal(4UL, after.Version);
        Assert.Equal(ChangeCause.Snapshot, after.Cause);
        Assert.Equal(asOf, after.MarketAsOf);
        Assert.Equal(before.Profile, after.Profile);
        Assert.Equal(before.Assessment.Score, after.Assessment.Score);
        Assert.Equal(170.0, after.Assessment.Liquidity);
        Assert.Equal(1, after.Assessment.Commitments);
        var inputs = await company.GetInputs();
        Assert.NotNull(inputs);
        Assert.Equal([QuarterEnd(0), QuarterEnd(1)], inputs.Periods.Select(p => p.PeriodEnd));
        Assert.Equal(120.0, inputs.Periods[1].Cash);
        var commitment = Assert.Single(inputs.Commitments);
        Assert.Equal(("c1", "Foundry Inc", CommitmentKind.Chips, 10.0, 0.5), (commitment.Id, commitment.Counterparty, commitment.Kind, commitment.Sunk, commitment.SalvageFraction));
        Assert.Equal([new DatedAmount(QuarterEnd(3), 90)], commitment.Payments.AsEnumerable());
        Assert.Equal(new MarketState(1_234, 0.4, 0.04, null, asOf), inputs.Market);

        // Versions go on from the persisted one.
        Assert.Equal(new WriteResult(5, Applied: true), await company.RemoveCommitment("c1"));
    }

    [Fact]
    public async Task Ticks_kept_in_place_reach_fundamentals_writes_reads_and_storage_across_version_reservations()
    {
        var id = NewCompanyId("inplace");
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        await company.UpsertProfile(Profile(id));
        await company.ReportFinancials(Batch(Quarter(QuarterEnd(0))));
        var start = new DateTimeOffset(2024, 7, 1, 9, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(new WriteResult(2UL + (ulong)i, Applied: true), (await company.PublishMarketData(Tick(start.AddSeconds(i), marketCap: 1_000 + i))) with { Silo = null });
        }

        // A fundamentals write after ticks keeps the newest market state and goes on from its version.
        Assert.Equal(new WriteResult(6, Applied: true), await company.UpsertCommitment(Commitment("c1", 90, QuarterEnd(3))));
        var inputs = await company.GetInputs();
        Assert.NotNull(inputs);
        Assert.Equal(new MarketState(1_003, 0.4, 0.04, null, start.AddSeconds(3)), inputs.Market);
        Assert.Equal(start.AddSeconds(3), (await company.GetRisk())!.MarketAsOf);

        // More ticks than half a version block: reservations are written while ticks go on.
        const int ticks = 700;
        for (var i = 4; i < 4 + ticks; i++)
        {
            await company.PublishMarketData(Tick(start.AddSeconds(i), marketCap: 1_000 + i));
        }

        var last = start.AddSeconds(3 + ticks);
        var before = await company.GetRisk();
        Assert.NotNull(before);
        Assert.Equal(6UL + ticks, before.Version);
        Assert.Equal(new WriteResult(6UL + ticks, Applied: false), (await company.PublishMarketData(Tick(last, marketCap: 1))) with { Silo = null });

        var after = await Reactivate(company);
        Assert.Equal(6UL + ticks, after.Version);
        Assert.Equal(last, after.MarketAsOf);
        Assert.Equal(before.Assessment.Score, after.Assessment.Score);
        Assert.Equal(new MarketState(1_003 + ticks, 0.4, 0.04, null, last), (await company.GetInputs())!.Market);
        Assert.Equal(new WriteResult(7UL + ticks, Applied: true), (await company.PublishMarketData(Tick(last.AddSeconds(1)))) with { Silo = null });
    }

    [Fact]
    public async Task The_market_state_is_saved_within_the_save_interval_while_the_grain_stays_active()
    {
        var id = NewCompanyId("marketsave");
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        await company.UpsertProfile(Profile(id));
        await company.ReportFinancials(Batch(Quarter(QuarterEnd(0))));
        var asOf = new DateTimeOffset(2024, 7, 2, 9, 0, 0, TimeSpan.Zero);
        await company.PublishMarketData(Tick(asOf));
        await company.PublishMarketData(Tick(asOf.AddMinutes(1), marketCap: 1_100));

        var stored = await Eventually.Returns(
            () => ReadStoredMarket(company),
            s => s.Market?.AsOf == asOf.AddMinutes(1),
            timeout: ClusterFixture.MarketStateSaveInterval * 5);

        Assert.Equal(asOf.AddMinutes(1), stored.Market?.AsOf);
        Assert.Equal(1_100.0, stored.Market?.MarketCap);
        Assert.Equal(4UL, stored.Version);
        Assert.True(stored.VersionCeiling >= stored.Version);
        Assert.Single((await ReadStored(company)).Periods);
    }

    [Fact]
    public async Task Fundamentals_are_stored_before_the_write_is_acknowledged()
    {
        var id = NewCompanyId("durable");
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        await company.UpsertProfile(Profile(id));
        await company.ReportFinancials(Batch(Quarter(QuarterEnd(0))));
        await company.UpsertCommitment(Commitment("c1", 10, QuarterEnd(1)));

        var stored = await ReadStored(company);

        Assert.Equal(3UL, stored.Version);
        Assert.Equal(Profile(id), stored.Profile);
        Assert.Equal(QuarterEnd(0), Assert.Single(stored.Periods).PeriodEnd);
        Assert.Equal("c1", Assert.Single(stored.Commitments).Id);
        Assert.Null(stored.Market);
    }

    /// <summary>Deactivates the company and reads it back from storage.</summary>
    private async Task<RiskSnapshot> Reactivate(ICompanyGrain company)
    {
        await Deactivation.Of(fixture.Grains, company);
        var snapshot = await company.GetRisk();
        Assert.NotNull(snapshot);
        return snapshot;
    }

    private async Task<MarketRecord> ReadStoredMarket(ICompanyGrain company)
    {
        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Companies);
        var record = new GrainState<MarketRecord>(new MarketRecord());
        await storage.ReadStateAsync("market", company.GetGrainId(), record);
        return record.State ?? new MarketRecord();
    }

    private async Task<CompanyState> ReadStored(ICompanyGrain company)
    {
        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Companies);
        var state = new GrainState<CompanyState>(new CompanyState());
        await storage.ReadStateAsync("company", company.GetGrainId(), state);
        return state.State ?? new CompanyState();
    }
}

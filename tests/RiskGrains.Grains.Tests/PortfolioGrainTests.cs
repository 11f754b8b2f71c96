using System.Collections.Immutable;
using RiskGrains.Model;
using static RiskGrains.Grains.Tests.TestData;

namespace RiskGrains.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class PortfolioGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_portfolio_is_stored_with_its_version_and_its_figures_rebuilt_from_the_members_after_reactivation()
    {
        var (a, b) = (await Member("pfa"), await Member("pfb", marketCap: 300));
        var portfolio = Book(NewCompanyId("pf"), (a, 100, 0.45), (b, 50, 0.6));
        var grain = fixture.Grains.GetGrain<IPortfolioGrain>(portfolio.Id);

        Assert.Equal(new WriteResult(1, Applied: true), await grain.Upsert(portfolio));
        var before = await grain.GetRisk();

        await Deactivation.Of(fixture.Grains, grain);
        var after = await grain.GetRisk();
        var basis = await grain.GetScenarioBasis();

        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.Equal((1UL, "Desk book", "USD"), (after.Version, after.Name, after.Currency));
        Assert.Equal(portfolio, basis!.Portfolio);
        Assert.NotEqual(before.Epoch, after.Epoch);
        var expected = PortfolioModel.Evaluate(portfolio, await LiveMembers(a, b));
        AssertSameFigures(expected, before.Risk);
        AssertSameFigures(expected, after.Risk);
        Assert.All(after.Risk.Positions, p => Assert.NotNull(p.DefaultProbability));
    }

    [Fact]
    public async Task A_members_tick_reaches_the_portfolios_figures()
    {
        var (a, b) = (await Member("pfta"), await Member("pftb"));
        var portfolio = Book(NewCompanyId("pft"), (a, 100, 0.45), (b, 50, 0.45));
        var grain = fixture.Grains.GetGrain<IPortfolioGrain>(portfolio.Id);
        await grain.Upsert(portfolio);
        var before = (await grain.GetRisk())!;

        var tick = await fixture.Grains.GetGrain<ICompanyGrain>(a).PublishMarketData(Tick(DateTimeOffset.UtcNow, marketCap: 150));
        var pd = (await fixture.Grains.GetGrain<ICompanyGrain>(a).GetRisk())!.Assessment.CommitmentAdjustedDefaultProbability;
        var after = await Eventually.Returns(() => grain.GetRisk(), s => Position(s!, a).DefaultProbability == pd, DeliveryTimeout);

        Assert.True(tick.Applied);
        Assert.NotEqual(Position(before, a).DefaultProbability, pd);
        Assert.Equal(pd, Position(after!, a).DefaultProbability);
        Assert.True(after!.Revision > before.Revision);
        AssertSameFigures(PortfolioModel.Evaluate(portfolio, await LiveMembers(a, b)), after.Risk);
    }

    [Fact]
    public async Task A_member_created_after_the_portfolio_is_no_pd_until_it_exists_then_picked_up()
    {
        var known = await Member("pfk");
        var later = NewCompanyId("pflater");
        var portfolio = Book(NewCompanyId("pfl"), (known, 100, 0.45), (later, 40, 0.45));
        var grain = fixture.Grains.GetGrain<IPortfolioGrain>(portfolio.Id);
        await grain.Upsert(portfolio);

        var before = Position((await grain.GetRisk())!, later);
        Assert.Null(before.DefaultProbability);
        Assert.Null(before.Score);
        Assert.Null(before.ExpectedLoss);

        await Member(later, exactId: true);
        var pd = (await fixture.Grains.GetGrain<ICompanyGrain>(later).GetRisk())!.Assessment.CommitmentAdjustedDefaultProbability;
        var after = await Eventually.Returns(() => grain.GetRisk(), s => Position(s!, later).DefaultProbability is not null, DeliveryTimeout);

        Assert.NotNull(pd);
        Assert.Equal(pd, Position(after!, later).DefaultProbability);
        AssertSameFigures(PortfolioModel.Evaluate(portfolio, await LiveMembers(known, later)), after!.Risk);
    }

    [Fact]
    public async Task Replacing_a_portfolio_raises_its_version_keeps_its_members_and_ignores_dropped_ones()
    {
        var (a, b, c) = (await Member("pfra"), await Member("pfrb"), await Member("pfrc"));
        var id = NewCompanyId("pfr");
        var grain = fixture.Grains.GetGrain<IPortfolioGrain>(id);
        await grain.Upsert(Book(id, (a, 100, 0.45), (b, 50, 0.45)));

        var replaced = Book(id, (a, 80, 0.3), (c, 20, 0.45)) with { Name = "Desk book, rebalanced" };
        Assert.Equal(new WriteResult(2, Applied: true), await grain.Upsert(replaced));
        Assert.Equal(new WriteResult(2, Applied: false), await grain.Upsert(Book(id, (a, 80, 0.3), (c, 20, 0.45)) with { Name = "Desk book, rebalanced" }));
        var current = (await grain.GetRisk())!;
        AssertSameFigures(PortfolioModel.Evaluate(replaced, await LiveMembers(a, c)), current.Risk);
        Assert.Equal(2UL, current.Version);

        // The dropped member's ticks change nothing.
        await fixture.Grains.GetGrain<ICompanyGrain>(b).PublishMarketData(Tick(DateTimeOffset.UtcNow, marketCap: 90));
        await fixture.Grains.GetGrain<ICompanyGrain>(c).PublishMarketData(Tick(DateTimeOffset.UtcNow, marketCap: 95));
        var afterTicks = await Eventually.Returns(() => grain.GetRisk(), s => s!.Revision > current.Revision, DeliveryTimeout);
        Assert.Equal(current.Revision + 1, afterTicks!.Revision);
        Assert.DoesNotContain(afterTicks.Risk.Positions, p => p.CompanyId == b);

        var listed = await fixture.Grains.GetGrain<IPortfolioDirectoryGrain>(0).List(after: id[..^1], pageSize: 1);
        Assert.Equal(new PortfolioListing(id, "Desk book, rebalanced", "USD", 2, 2), Assert.Single(listed.Portfolios));
    }

    [Fact]
    public async Task Removing_a_portfolio_deletes_it_its_listing_and_its_watchers_then_it_can_be_created_again()
    {
        var a = await Member("pfda");
        var portfolio = Book(NewCompanyId("pfd"), (a, 100, 0.45));
        var grain = fixture.Grains.GetGrain<IPortfolioGrain>(portfolio.Id);
        await grain.Upsert(portfolio);
        await grain.Upsert(portfolio with { Currency = "EUR" });
        var watcher = new RecordingPortfolioObserver();
        var reference = fixture.Cluster.Client.CreateObjectReference<IPortfolioObserver>(watcher);
        Assert.NotNull(await grain.Subscribe(reference));

        Assert.Equal(2UL, await grain.Remove());

        Assert.Equal(portfolio.Id, await watcher.NextRemoval(DeliveryTimeout));
        Assert.Null(await grain.GetRisk());
        Assert.Null(await grain.Remove());
        Assert.Null(await grain.Subscribe(reference));
        await Deactivation.Of(fixture.Grains, grain);
        Assert.Null(await grain.GetRisk());
        var listed = await fixture.Grains.GetGrain<IPortfolioDirectoryGrain>(0).List(after: portfolio.Id[..^1], pageSize: 1);
        Assert.DoesNotContain(listed.Portfolios, p => p.PortfolioId == portfolio.Id);

        // A tick of a former member wakes nothing that keeps it.
        await fixture.Grains.GetGrain<ICompanyGrain>(a).PublishMarketData(Tick(DateTimeOffset.UtcNow, marketCap: 700));
        Assert.Null(await grain.GetRisk());

        Assert.Equal(new WriteResult(1, Applied: true), await grain.Upsert(portfolio));
        fixture.Cluster.Client.DeleteObjectReference<IPortfolioObserver>(reference);
        GC.KeepAlive(watcher);
    }

    [Fact]
    public async Task A_watching_silo_gets_the_figures_then_the_newest_after_a_burst_of_member_ticks_composed_at_a_bounded_pace()
    {
        var (a, b) = (await Member("pfwa"), await Member("pfwb"));
        var portfolio = Book(NewCompanyId("pfw"), (a, 100, 0.45), (b, 50, 0.45));
        var grain = fixture.Grains.GetGrain<IPortfolioGrain>(portfolio.Id);
        await grain.Upsert(portfolio);
        var watcher = new RecordingPortfolioObserver();
        var reference = fixture.Cluster.Client.CreateObjectReference<IPortfolioObserver>(watcher);

        var first = await grain.Subscribe(reference);
        var company = fixture.Grains.GetGrain<ICompanyGrain>(a);
        var start = DateTimeOffset.UtcNow.AddSeconds(-100);
        for (var i = 1; i <= 40; i++)
        {
            await company.PublishMarketData(Tick(start.AddSeconds(i), marketCap: 1_000 - (10 * i)));
        }

        var pd = (await company.GetRisk())!.Assessment.CommitmentAdjustedDefaultProbability;
        var received = new List<PortfolioSnapshot>();
        // Several of the ticks can give the same probability, so the last publication is known by its revision.
        Assert.NotNull(first);
        while (received.Count == 0 || received[^1].Revision < first.Revision + 40)
        {
            received.Add(await watcher.Next(DeliveryTimeout));
        }

        Assert.Equal(first.Revision + 40, received[^1].Revision);
        Assert.Equal(pd, Position(received[^1], a).DefaultProbability);
        Assert.True(received.Count < 40, $"{received.Count} publications for 40 member ticks");
        Assert.True(received.Zip(received.Skip(1)).All(pair => pair.First.Revision < pair.Second.Revision));
        await grain.Unsubscribe(reference);
        fixture.Cluster.Client.DeleteObjectReference<IPortfolioObserver>(reference);
        GC.KeepAlive(watcher);
    }

    private static Portfolio Book(string id, params (string CompanyId, double Exposure, double Lgd)[] positions) =>
        new(id, "Desk book", "USD", [.. positions.Select(p => new Position(p.CompanyId, p.Exposure, p.Lgd))], AssetCorrelation: null);

    private static PositionRisk Position(PortfolioSnapshot snapshot, string companyId) => snapshot.Risk.Positions.Single(p => p.CompanyId == companyId);

    // A company with one quarter and a tick, so it has a probability of default.
    private async Task<string> Member(string prefix, double marketCap = 1_000, bool exactId = false)
    {
        var id = exactId ? prefix : NewCompanyId(prefix);
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        await company.UpsertProfile(Profile(id));
        await company.ReportFinancials(Batch(Quarter(QuarterEnd(0))));
        await company.PublishMarketData(Tick(DateTimeOffset.UtcNow.AddMinutes(-10), marketCap));
        return id;
    }

    private async Task<ImmutableDictionary<string, MemberRisk>> LiveMembers(params string[] companyIds)
    {
        var members = ImmutableDictionary.CreateBuilder<string, MemberRisk>(StringComparer.Ordinal);
        foreach (var id in companyIds)
        {
            var snapshot = (await fixture.Grains.GetGrain<ICompanyGrain>(id).GetRisk())!;
            members[id] = MemberRisk.Of(snapshot.Assessment, snapshot.Profile.Sector);
        }

        return members.ToImmutable();
    }

    private static void AssertSameFigures(PortfolioRisk expected, PortfolioRisk actual)
    {
        Assert.Equal(expected.PortfolioId, actual.PortfolioId);
        Assert.Equal(expected.TotalExposure, actual.TotalExposure, 9);
        Assert.Equal(expected.ExpectedLoss, actual.ExpectedLoss, 12);
        Assert.Equal(expected.StressedLoss, actual.StressedLoss, 9);
        Assert.Equal(expected.ExposureWeightedScore, actual.ExposureWeightedScore);
        Assert.Equal(expected.NameHhi, actual.NameHhi);
        Assert.Equal(expected.SectorHhi, actual.SectorHhi);
        Assert.Equal(expected.ExposureByBand.AsEnumerable(), actual.ExposureByBand.AsEnumerable());
        Assert.Equal(expected.Positions.Select(p => p.CompanyId), actual.Positions.Select(p => p.CompanyId));
        foreach (var (e, a) in expected.Positions.Zip(actual.Positions))
        {
            // Each position is computed alone, so it is equal; its share divides by a running total, equal to rounding.
            Assert.Equal(e with { ShareOfStressedLoss = null }, a with { ShareOfStressedLoss = null });
            Assert.Equal(e.ShareOfStressedLoss ?? -1, a.ShareOfStressedLoss ?? -1, 12);
        }
    }
}

using RiskGrains.Model;
using static RiskGrains.Grains.Tests.TestData;

namespace RiskGrains.Grains.Tests;

/// <summary>
/// The directory is one grain shared by every test, so each test names its companies with its
/// own prefix and pages from just before it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DirectoryTests(ClusterFixture fixture)
{
    private ICompanyDirectoryGrain Directory => fixture.Grains.GetGrain<ICompanyDirectoryGrain>(0);

    private static IEnumerable<CompanyListing> Own(CompanyPage page, string prefix) =>
        page.Companies.Where(c => c.CompanyId.StartsWith(prefix, StringComparison.Ordinal));

    [Fact]
    public async Task Creating_a_company_registers_it_and_a_rename_updates_its_listing()
    {
        var id = NewCompanyId("dirreg");
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        var countBefore = await Directory.Count();

        await company.UpsertProfile(Profile(id, "First Name"));

        Assert.Equal(countBefore + 1, await Directory.Count());
        var listed = await Directory.List(after: id[..^1], pageSize: 1, band: null);
        Assert.Equal(new CompanyListing(id, "First Name", null, "Technology"), Assert.Single(listed.Companies));

        await company.UpsertProfile(Profile(id, "Second Name"));

        Assert.Equal(countBefore + 1, await Directory.Count());
        var renamed = await Directory.List(after: id[..^1], pageSize: 1, band: null);
        Assert.Equal(new CompanyListing(id, "Second Name", null, "Technology"), Assert.Single(renamed.Companies));
    }

    [Fact]
    public async Task List_pages_through_companies_in_id_order_with_a_NextAfter_cursor()
    {
        var prefix = NewCompanyId("dirpage") + "-";
        string[] ids = [prefix + "a", prefix + "b", prefix + "c", prefix + "d", prefix + "e"];
        foreach (var id in new[] { ids[3], ids[0], ids[4], ids[2], ids[1] })
        {
            await fixture.Grains.GetGrain<ICompanyGrain>(id).UpsertProfile(Profile(id, "Company " + id[^1]));
        }

        var first = await Directory.List(after: prefix, pageSize: 2, band: null);
        Assert.Equal(ids[..2], first.Companies.Select(c => c.CompanyId));
        Assert.Equal(ids[1], first.NextAfter);
        Assert.Equal("Company a", first.Companies[0].Name);

        var second = await Directory.List(after: first.NextAfter, pageSize: 2, band: null);
        Assert.Equal(ids[2..4], second.Companies.Select(c => c.CompanyId));
        Assert.Equal(ids[3], second.NextAfter);

        var third = await Directory.List(after: second.NextAfter, pageSize: 2, band: null);
        Assert.Equal([ids[4]], Own(third, prefix).Select(c => c.CompanyId));
    }

    [Fact]
    public async Task The_last_page_has_no_NextAfter()
    {
        var all = await Directory.List(after: null, pageSize: int.MaxValue, band: null);
        Assert.Null(all.NextAfter);
        Assert.Equal(await Directory.Count(), all.Companies.Length);
        Assert.Equal(all.Companies.Select(c => c.CompanyId).Order(StringComparer.Ordinal), all.Companies.Select(c => c.CompanyId));
    }

    [Fact]
    public async Task The_band_filter_lists_only_companies_whose_latest_band_matches()
    {
        var prefix = NewCompanyId("dirband") + "-";
        var strongId = prefix + "strong";
        var weakId = prefix + "weak";
        var strongBand = RiskModel.Evaluate(new([StrongQuarter(QuarterEnd(0))], [], null), ModelParameters.Default).Band;
        var weakBand = RiskModel.Evaluate(new([WeakQuarter(QuarterEnd(0))], [], null), ModelParameters.Default).Band;
        Assert.NotNull(strongBand);
        Assert.NotNull(weakBand);
        Assert.NotEqual(strongBand, weakBand);

        foreach (var (id, quarter) in new[] { (strongId, StrongQuarter(QuarterEnd(0))), (weakId, WeakQuarter(QuarterEnd(0))) })
        {
            var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
            await company.UpsertProfile(Profile(id));
            await company.ReportFinancials(Batch(quarter));
            Assert.Equal(id == strongId ? strongBand : weakBand, (await company.GetRisk())!.Assessment.Band);
        }

        // Bands reach the directory by a one-way call.
        var both = await Eventually.Returns(
            () => Directory.List(after: prefix, pageSize: 2, band: null),
            page => Own(page, prefix).All(c => c.Band is not null));
        Assert.Equal([(strongId, strongBand), (weakId, weakBand)], Own(both, prefix).Select(c => (c.CompanyId, c.Band)));

        var strong = await Directory.List(after: prefix, pageSize: 1, band: strongBand);
        Assert.Equal(strongId, strong.Companies[0].CompanyId);
        var weak = await Directory.List(after: prefix, pageSize: 1, band: weakBand);
        Assert.Equal(weakId, weak.Companies[0].CompanyId);
        var neither = await Directory.List(after: prefix, pageSize: 2, band: Enum.GetValues<Band>().First(b => b != strongBand && b != weakBand));
        Assert.Empty(Own(neither, prefix));

        // A new band replaces the old one in the listing.
        await fixture.Grains.GetGrain<ICompanyGrain>(weakId).ReportFinancials(Batch(StrongQuarter(QuarterEnd(1))));
        var improved = await Eventually.Returns(
            () => Directory.List(after: prefix, pageSize: 2, band: strongBand),
            page => Own(page, prefix).Count() == 2);
        Assert.Equal([strongId, weakId], Own(improved, prefix).Select(c => c.CompanyId));
    }

    [Fact]
    public async Task Listing_stays_in_ordinal_id_order_after_the_directory_is_reloaded_from_storage()
    {
        // Ordinal order ("B" < "a" < "a-b" < "ab") differs from linguistic order ("a" < "a-b" < "ab" < "B").
        var prefix = NewCompanyId("dirorder") + "-";
        string[] ids = [prefix + "B", prefix + "a", prefix + "a-b", prefix + "ab"];
        foreach (var id in ids.Reverse())
        {
            await fixture.Grains.GetGrain<ICompanyGrain>(id).UpsertProfile(Profile(id));
        }

        await Deactivation.Of(fixture.Grains, Directory);

        var page = await Directory.List(after: prefix, pageSize: 3, band: null);
        Assert.Equal(ids[..3], page.Companies.Select(c => c.CompanyId));
        Assert.Equal(ids[2], page.NextAfter);
        var next = await Directory.List(after: page.NextAfter, pageSize: 3, band: null);
        Assert.Equal([ids[3]], Own(next, prefix).Select(c => c.CompanyId));
    }

    [Fact]
    public async Task Bands_and_scores_survive_a_reload_of_the_directory()
    {
        var id = NewCompanyId("dirbandsave");
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        await company.UpsertProfile(Profile(id));
        await company.ReportFinancials(Batch(WeakQuarter(QuarterEnd(0))));
        var (band, score) = ((await company.GetRisk())!.Assessment.Band, (await company.GetRisk())!.Assessment.Score);
        Assert.NotNull(band);
        await Eventually.Returns(
            () => Directory.List(after: id[..^1], pageSize: 1, band: null),
            page => page.Companies.Single().Band is not null);

        // Before the background save is due, so deactivation has to save it.
        await Deactivation.Of(fixture.Grains, Directory);

        var listed = await Directory.List(after: id[..^1], pageSize: 1, band: null);
        Assert.Equal(new CompanyListing(id, "Acme Compute", band, "Technology", score), Assert.Single(listed.Companies));
    }

    [Fact]
    public async Task The_sample_data_flag_is_set_once_marked_and_survives_a_reload()
    {
        Assert.False(await Directory.IsSampleDataLoaded());

        await Directory.MarkSampleDataLoaded();
        Assert.True(await Directory.IsSampleDataLoaded());

        await Deactivation.Of(fixture.Grains, Directory);
        Assert.True(await Directory.IsSampleDataLoaded());
    }
}

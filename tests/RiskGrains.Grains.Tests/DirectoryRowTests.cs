using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using RiskGrains.Model;

namespace RiskGrains.Grains.Tests;

/// <summary>
/// How the directory stores its rows. Each test has a directory of its own (a fresh grain key),
/// so the rows and writes it looks at are its own.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DirectoryRowTests(ClusterFixture fixture)
{
    private MemoryCompanyDirectoryStore Rows => fixture.DirectoryRows;

    private ICompanyDirectoryGrain NewDirectory() => fixture.Grains.GetGrain<ICompanyDirectoryGrain>(Random.Shared.NextInt64(1, long.MaxValue));

    private static CompanyListing Listing(string id, Band? band = null) => new(id, "Company " + id, band);

    [Fact]
    public async Task A_registration_is_acknowledged_only_once_its_row_is_stored_and_is_read_back_after_reactivation()
    {
        var directory = NewDirectory();
        var id = directory.GetGrainId();
        var listing = Listing("ACK-1");
        Rows.Hold(id);

        var registering = directory.Register(listing);
        await Eventually.Returns(() => Task.FromResult(Rows.Waiting(id)), waiting => waiting == 1);
        await Task.Delay(200);

        Assert.False(registering.IsCompleted);
        Assert.Empty(Rows.Rows(id));
        Assert.Equal(1, await directory.Count());

        Rows.Release(id);
        await registering;
        Assert.Equal(listing, Rows.Rows(id)["ACK-1"]);

        await Deactivation.Of(fixture.Grains, directory);

        var page = await directory.List(after: null, pageSize: 10, band: null);
        Assert.Equal([listing], page.Companies.AsEnumerable());
        Assert.Equal(1, await directory.Count());
    }

    [Fact]
    public async Task Registrations_arriving_during_a_write_share_the_next_one()
    {
        var directory = NewDirectory();
        var id = directory.GetGrainId();
        Rows.Hold(id);
        var first = directory.Register(Listing("GRP-a"));
        await Eventually.Returns(() => Task.FromResult(Rows.Waiting(id)), waiting => waiting == 1);

        var others = new[] { "GRP-b", "GRP-c", "GRP-d" }.Select(c => directory.Register(Listing(c))).ToArray();
        await Eventually.Returns(directory.Count, count => count == 4);
        Rows.Release(id);
        await first;
        await Task.WhenAll(others);

        var writes = Rows.Writes(id);
        Assert.Equal(2, writes.Count);
        Assert.Equal(["GRP-a"], writes[0].Select(r => r.CompanyId));
        Assert.Equal(["GRP-b", "GRP-c", "GRP-d"], writes[1].Select(r => r.CompanyId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_registration_writes_its_own_row_only_however_many_companies_are_listed()
    {
        var directory = NewDirectory();
        var id = directory.GetGrainId();
        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => directory.Register(Listing($"ONE-{i:D4}"))));
        var before = Rows.Writes(id).Count;

        await directory.Register(Listing("ONE-new"));
        await directory.Register(new CompanyListing("ONE-0007", "Renamed", null));

        var writes = Rows.Writes(id);
        Assert.Equal(before + 2, writes.Count);
        Assert.Equal([Listing("ONE-new")], writes[^2].AsEnumerable());
        Assert.Equal([new CompanyListing("ONE-0007", "Renamed", null)], writes[^1].AsEnumerable());
        Assert.Equal(501, Rows.Rows(id).Count);

        // The same listing again is acknowledged without a write.
        await directory.Register(Listing("ONE-new"));
        Assert.Equal(before + 2, Rows.Writes(id).Count);
    }

    [Fact]
    public async Task A_band_change_is_stored_in_the_background_as_its_row_alone()
    {
        var directory = NewDirectory();
        var id = directory.GetGrainId();
        await directory.Register(Listing("BAND-a"));
        await directory.Register(Listing("BAND-b"));
        var before = Rows.Writes(id).Count;

        await directory.ReportBand("BAND-a", Band.High);

        var listed = await Eventually.Returns(() => directory.List(after: null, pageSize: 1, band: Band.High), page => page.Companies.Length == 1);
        Assert.Equal(Listing("BAND-a", Band.High), listed.Companies.Single());
        var stored = await Eventually.Returns(() => Task.FromResult(Rows.Rows(id)), rows => rows["BAND-a"].Band == Band.High);
        Assert.Equal(Listing("BAND-a", Band.High), stored["BAND-a"]);
        Assert.Equal(Listing("BAND-b"), stored["BAND-b"]);
        var writes = Rows.Writes(id);
        Assert.Equal(before + 1, writes.Count);
        Assert.Equal([Listing("BAND-a", Band.High)], writes[^1].AsEnumerable());

        // A rename keeps the band it was told last.
        await directory.Register(new CompanyListing("BAND-a", "Renamed", null));
        Assert.Equal(new CompanyListing("BAND-a", "Renamed", Band.High), Rows.Rows(id)["BAND-a"]);
    }

    [Fact]
    public async Task A_reported_score_is_stored_in_the_background_and_a_registration_changes_only_name_and_sector()
    {
        var directory = NewDirectory();
        var id = directory.GetGrainId();
        await directory.Register(new CompanyListing("SCORE-a", "A", null, "Technology"));
        var before = Rows.Writes(id).Count;

        await directory.ReportScore("SCORE-a", "Technology", Band.Elevated, 47.5);

        var expected = new CompanyListing("SCORE-a", "A", Band.Elevated, "Technology", 47.5);
        var stored = await Eventually.Returns(() => Task.FromResult(Rows.Rows(id)), rows => rows["SCORE-a"].Score == 47.5);
        Assert.Equal(expected, stored["SCORE-a"]);
        Assert.Equal([expected], Rows.Writes(id)[^1].AsEnumerable());
        Assert.Equal(before + 1, Rows.Writes(id).Count);

        // Moved to another sector: the score reported last stays until the next report.
        await directory.Register(new CompanyListing("SCORE-a", "A", null, "Utilities", null));
        Assert.Equal(expected with { Sector = "Utilities" }, Rows.Rows(id)["SCORE-a"]);

        // A row stored before sectors existed gets its sector with the next report.
        await directory.Register(new CompanyListing("SCORE-old", "Old", null));
        await directory.ReportScore("SCORE-old", "Energy", Band.Low, 12);
        var healed = await Eventually.Returns(() => directory.List("SCORE-c", 1, null), page => page.Companies.Single().Score is not null);
        Assert.Equal(new CompanyListing("SCORE-old", "Old", Band.Low, "Energy", 12), healed.Companies.Single());
    }

    [Fact]
    public void A_row_stored_before_sector_and_score_existed_reads_with_both_absent()
    {
        var old = "{\"CompanyId\":\"OLD-1\",\"Name\":\"Old Co\",\"Band\":3}"u8;

        Assert.Equal(new CompanyListing("OLD-1", "Old Co", Band.Elevated, null, null), DirectoryRow.Decode(old));
        var now = new CompanyListing("NEW-1", "New Co", Band.Low, "Technology", 12.25);
        Assert.Equal(now, DirectoryRow.Decode(DirectoryRow.Encode(now)));
    }

    [Fact]
    public async Task A_failed_row_write_fails_the_registration_and_is_stored_by_a_later_write()
    {
        var directory = NewDirectory();
        var id = directory.GetGrainId();
        Rows.Hold(id);
        var registering = directory.Register(Listing("FAIL-a"));
        await Eventually.Returns(() => Task.FromResult(Rows.Waiting(id)), waiting => waiting == 1);

        Rows.Release(id, new IOException("disk full"));

        await Assert.ThrowsAnyAsync<Exception>(() => registering);
        Assert.Empty(Rows.Rows(id));
        var stored = await Eventually.Returns(() => Task.FromResult(Rows.Rows(id)), rows => rows.ContainsKey("FAIL-a"));
        Assert.Equal(Listing("FAIL-a"), stored["FAIL-a"]);

        // The company grain retries a failed registration: it is acknowledged, stored once.
        await directory.Register(Listing("FAIL-a"));
        Assert.Single(Rows.Writes(id));
    }

    [Fact]
    public async Task A_list_in_the_grain_state_moves_to_the_row_store_on_activation_and_is_then_cleared()
    {
        // What a store written before the row store holds: every listing in the grain state.
        var directory = NewDirectory();
        var id = directory.GetGrainId();
        var legacy = new Dictionary<string, CompanyListing>
        {
            ["OLD-b"] = Listing("OLD-b", Band.Elevated),
            ["OLD-a"] = Listing("OLD-a"),
            ["OLD-c"] = Listing("OLD-c", Band.Low),
        };
        await WriteState(id, new DirectoryState { Companies = legacy, SampleDataLoaded = true });

        Assert.Equal(3, await directory.Count());

        Assert.Equal(legacy, Rows.Rows(id));
        var migration = Assert.Single(Rows.Writes(id));
        Assert.Equal(["OLD-a", "OLD-b", "OLD-c"], migration.Select(r => r.CompanyId).Order(StringComparer.Ordinal));
        var state = await ReadState(id);
        Assert.Null(state.Companies);
        Assert.True(state.SampleDataLoaded);

        // Read back from the rows alone, in id order, and not moved twice.
        await Deactivation.Of(fixture.Grains, directory);
        var page = await directory.List(after: null, pageSize: 10, band: null);
        Assert.Equal([legacy["OLD-a"], legacy["OLD-b"], legacy["OLD-c"]], page.Companies.AsEnumerable());
        Assert.Equal([legacy["OLD-c"]], (await directory.List(after: null, pageSize: 10, band: Band.Low)).Companies.AsEnumerable());
        Assert.True(await directory.IsSampleDataLoaded());
        Assert.Single(Rows.Writes(id));

        await directory.Register(Listing("OLD-d"));
        Assert.Equal([Listing("OLD-d")], Rows.Writes(id)[^1].AsEnumerable());
    }

    private IGrainStorage Storage => fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Companies);

    private Task WriteState(GrainId directory, DirectoryState state) =>
        Storage.WriteStateAsync("directory", directory, new GrainState<DirectoryState>(state));

    private async Task<DirectoryState> ReadState(GrainId directory)
    {
        var state = new GrainState<DirectoryState>(new DirectoryState());
        await Storage.ReadStateAsync("directory", directory, state);
        return state.State ?? new DirectoryState();
    }
}

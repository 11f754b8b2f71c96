using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>GetHistory, GetPeers and the scores of ListCompanies through gRPC, on the shared embedded service.</summary>
[Collection(SharedServiceCollection.Name)]
public sealed class HistoryApiTests(SharedService service)
{
    private RiskService.RiskServiceClient Client => service.Host.Client;

    [Fact]
    public async Task GetHistory_returns_a_point_for_every_fundamentals_write_oldest_first_with_its_caller()
    {
        var id = Requests.NewCompanyId("GH");
        var version = await Requests.CreateAsync(Client, id);

        var points = (await Client.GetHistoryAsync(new GetHistoryRequest { CompanyId = id })).Points;

        Assert.Equal([1UL, 2, 3], points.Select(p => p.Version));
        Assert.Equal([ChangeCause.Profile, ChangeCause.Financials, ChangeCause.Commitment], points.Select(p => p.Cause));
        Assert.All(points, p => Assert.Equal("anonymous", p.ChangedBy));
        Assert.False(points[0].HasScore);
        var risk = (await Client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
        Assert.Equal(version, risk.Version);
        var last = points[^1];
        Assert.Equal(
            (risk.Score, risk.Band, risk.LiquidityCoverage12M, risk.RunwayMonths, risk.CommitmentAdjustedLeverage, risk.AsOf),
            (last.Score, last.Band, last.LiquidityCoverage12M, last.RunwayMonths, last.CommitmentAdjustedLeverage, last.Time));
        Assert.False(last.HasCommitmentAdjustedDefaultProbability);
    }

    [Fact]
    public async Task GetHistory_keeps_to_the_range_and_downsamples_to_the_last_point_of_each_bucket()
    {
        var id = Requests.NewCompanyId("GHR");
        await Requests.CreateAsync(Client, id);
        var all = (await Client.GetHistoryAsync(new GetHistoryRequest { CompanyId = id })).Points;
        var first = all[0].Time.ToDateTimeOffset();

        // Two buckets of an hour: the three points fall in the second, which gives its last.
        var sampled = await Client.GetHistoryAsync(new GetHistoryRequest
        {
            CompanyId = id,
            StartTime = Timestamp.FromDateTimeOffset(first.AddHours(-1)),
            EndTime = Timestamp.FromDateTimeOffset(first.AddHours(1)),
            MaxPoints = 2,
        });
        Assert.Equal([3UL], sampled.Points.Select(p => p.Version));

        // The start is included, the end is not.
        var fromSecond = await Client.GetHistoryAsync(new GetHistoryRequest { CompanyId = id, StartTime = all[1].Time });
        Assert.Equal([2UL, 3], fromSecond.Points.Select(p => p.Version));
        var beforeSecond = await Client.GetHistoryAsync(new GetHistoryRequest { CompanyId = id, EndTime = all[1].Time });
        Assert.Equal([1UL], beforeSecond.Points.Select(p => p.Version));
    }

    [Fact]
    public async Task Malformed_GetHistory_requests_are_refused_naming_each_field()
    {
        var id = Requests.NewCompanyId("GHBAD");
        await Refusals.AssertInvalid(() => Client.GetHistoryAsync(new GetHistoryRequest { CompanyId = "" }).ResponseAsync, "company_id", "must be");
        await Refusals.AssertInvalid(
            () => Client.GetHistoryAsync(new GetHistoryRequest { CompanyId = id, StartTime = new Timestamp { Seconds = 0, Nanos = -1 } }).ResponseAsync,
            "start_time",
            "is not a valid timestamp");
        await Refusals.AssertInvalid(
            () => Client.GetHistoryAsync(new GetHistoryRequest { CompanyId = id, EndTime = new Timestamp { Seconds = long.MaxValue } }).ResponseAsync,
            "end_time",
            "is not a valid timestamp");
        var now = DateTimeOffset.UtcNow;
        await Refusals.AssertInvalid(
            () => Client.GetHistoryAsync(new GetHistoryRequest { CompanyId = id, StartTime = Timestamp.FromDateTimeOffset(now), EndTime = Timestamp.FromDateTimeOffset(now) }).ResponseAsync,
            "end_time",
            "must be after start_time");
        await Refusals.AssertInvalid(
            () => Client.GetHistoryAsync(new GetHistoryRequest { CompanyId = id, MaxPoints = -1 }).ResponseAsync,
            "max_points",
            "must be between 1 and 1000 (0 means 1000; RiskGrains:Limits:MaxHistoryPoints)");
        var all = await Refusals.AssertInvalid(
            () => Client.GetHistoryAsync(new GetHistoryRequest { CompanyId = "bad id", MaxPoints = 1_001 }).ResponseAsync,
            "max_points",
            "must be between 1 and 1000");
        Assert.Contains("company_id", all.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_GetPeers_requests_are_refused_naming_each_field()
    {
        await Refusals.AssertInvalid(() => Client.GetPeersAsync(new GetPeersRequest { CompanyId = "a b" }).ResponseAsync, "company_id", "must be");
        await Refusals.AssertInvalid(
            () => Client.GetPeersAsync(new GetPeersRequest { CompanyId = "ACME", MaxPeers = 1_001 }).ResponseAsync,
            "max_peers",
            "must be between 1 and 1000 (0 means 1000; RiskGrains:Limits:MaxPeers)");
        await Refusals.AssertInvalid(() => Client.GetPeersAsync(new GetPeersRequest { CompanyId = "ACME", MaxPeers = -5 }).ResponseAsync, "max_peers", "must be between");
    }

    [Fact]
    public async Task GetHistory_and_GetPeers_of_an_unknown_company_are_NOT_FOUND()
    {
        var id = Requests.NewCompanyId("GHNONE");
        await Refusals.AssertStatus(() => Client.GetHistoryAsync(new GetHistoryRequest { CompanyId = id }).ResponseAsync, StatusCode.NotFound, $"company '{id}' is unknown");
        await Refusals.AssertStatus(() => Client.GetPeersAsync(new GetPeersRequest { CompanyId = id }).ResponseAsync, StatusCode.NotFound, $"company '{id}' is unknown");
    }

    [Fact]
    public async Task GetPeers_ranks_the_sector_by_score_with_the_percentile_and_ListCompanies_carries_each_score()
    {
        var sector = "Sector " + Guid.NewGuid().ToString("N")[..8];
        var prefix = Requests.NewCompanyId("GP")[..12];
        var ids = new[] { "a", "b", "c" }.Select(s => $"{prefix}-{s}").ToArray();
        var cash = new[] { 1_000.0, 100.0, 10.0 };
        for (var i = 0; i < ids.Length; i++)
        {
            var company = Requests.Company(ids[i]);
            company.Profile.Sector = sector;
            await Client.UpsertCompanyAsync(company);
            var period = Requests.Period(2025, 6, 30);
            period.Cash = cash[i];
            await Client.ReportFinancialsAsync(Requests.Financials(ids[i], period));
        }

        var scores = new List<double>();
        foreach (var id in ids)
        {
            scores.Add((await Client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk.Score);
        }

        Assert.Equal(3, scores.Distinct().Count());

        // Scores reach the directory with each history point, one-way.
        var peers = await Eventually.Returns(
            async () => await Client.GetPeersAsync(new GetPeersRequest { CompanyId = ids[1] }),
            r => r.PeerCount == 2 && r.Peers.All(p => p.Score == scores[ids.ToList().IndexOf(p.CompanyId)]));
        Assert.Equal(sector, peers.Sector);
        var others = new[] { 0, 2 }.OrderByDescending(i => scores[i]).ToArray();
        Assert.Equal(others.Select(i => ids[i]), peers.Peers.Select(p => p.CompanyId));
        Assert.Equal(100.0 * others.Count(i => scores[i] < scores[1]) / 2, peers.Percentile);

        var page = await ListFrom(ids[0]);
        Assert.Equal(ids, page.Select(c => c.CompanyId));
        Assert.Equal(scores, page.Select(c => c.Score));

        // A company alone in its sector has no percentile.
        var alone = Requests.NewCompanyId("GPALONE");
        var profile = Requests.Company(alone);
        profile.Profile.Sector = "Alone " + Guid.NewGuid().ToString("N")[..8];
        await Client.UpsertCompanyAsync(profile);
        var solo = await Client.GetPeersAsync(new GetPeersRequest { CompanyId = alone });
        Assert.Equal((profile.Profile.Sector, false, 0), (solo.Sector, solo.HasPercentile, solo.PeerCount));
    }

    // The page of ListCompanies that starts at the given id (page tokens are the last id of the previous page).
    private async Task<List<CompanySummary>> ListFrom(string id)
    {
        var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("after:" + id[..^1]));
        var page = await Client.ListCompaniesAsync(new ListCompaniesRequest { PageToken = token, PageSize = 3 });
        return [.. page.Companies];
    }
}

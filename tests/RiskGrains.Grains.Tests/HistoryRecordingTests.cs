using RiskGrains.Model;
using static RiskGrains.Grains.Tests.TestData;

namespace RiskGrains.Grains.Tests;

/// <summary>The recording rules of docs/api.md (GetHistory), on the two-silo test cluster with its in-memory history store.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HistoryRecordingTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Interval = ClusterFixture.HistoryInterval;

    [Fact]
    public async Task Every_fundamentals_change_records_a_point_stored_before_the_write_returns()
    {
        var id = NewCompanyId("hist-fund");
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        CallerPrincipal.Flow("desk-7");
        try
        {
            var writes = new (Func<Task<WriteResult>> Write, ChangeCause Cause)[]
            {
                (() => company.UpsertProfile(Profile(id)), ChangeCause.Profile),
                (() => company.ReportFinancials(Batch(Quarter(QuarterEnd(0)))), ChangeCause.Financials),
                (() => company.ReportFinancials(Batch(Quarter(QuarterEnd(0), cash: 90))), ChangeCause.Restatement),
                (() => company.UpsertCommitment(Commitment("dc-1", 40, QuarterEnd(2))), ChangeCause.Commitment),
                (() => company.RemoveCommitment("dc-1"), ChangeCause.Commitment),
            };
            foreach (var (write, cause) in writes)
            {
                var result = await write();

                // No waiting: the point is in the store when the write returns.
                var last = (await fixture.History.Read(id, null, null))[^1];
                Assert.Equal((result.Version, cause, "desk-7"), (last.Version, last.Cause, last.ChangedBy));
            }

            var points = await fixture.History.Read(id, null, null);
            Assert.Equal([1UL, 2, 3, 4, 5], points.Select(p => p.Version));
            var risk = (await company.GetRisk())!;
            var newest = points[^1];
            Assert.Equal(
                (risk.Assessment.Score, risk.Assessment.Band, risk.Assessment.LiquidityCoverage12M, risk.Assessment.RunwayMonths, risk.Assessment.CommitmentAdjustedLeverage, risk.AsOf),
                (newest.Score, newest.Band, newest.LiquidityCoverage12m, newest.RunwayMonths, newest.CommitmentAdjustedLeverage, newest.Time));

            // An identical write changes nothing and records nothing.
            await company.ReportFinancials(Batch(Quarter(QuarterEnd(0), cash: 90)));
            Assert.Equal(5, (await fixture.History.Read(id, null, null)).Count);
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    [Fact]
    public async Task A_burst_of_ticks_within_the_interval_records_one_point_with_the_state_at_its_end()
    {
        var id = NewCompanyId("hist-burst");
        var company = await Create(id);
        var asOf = DateTimeOffset.UtcNow.AddMinutes(-1);
        WriteResult last = default!;
        for (var i = 1; i <= 10; i++)
        {
            last = await company.PublishMarketData(Tick(asOf.AddSeconds(i), marketCap: 1_000 + i));
        }

        // Within the interval of the fundamentals point nothing more is recorded; at its end, one point
        // with the newest version.
        await fixture.FlushHistory();
        Assert.Empty(MarketPoints(await fixture.History.Read(id, null, null)));
        var points = await Eventually.Returns(
            async () => { await fixture.FlushHistory(); return MarketPoints(await fixture.History.Read(id, null, null)); },
            found => found.Count > 0,
            Interval * 3);
        var point = Assert.Single(points);
        Assert.Equal(last.Version, point.Version);

        // Nothing more while no tick comes.
        await Task.Delay(Interval + TimeSpan.FromSeconds(1));
        await fixture.FlushHistory();
        Assert.Single(MarketPoints(await fixture.History.Read(id, null, null)));
    }

    [Fact]
    public async Task A_band_change_always_records_a_point_and_reports_the_score_to_the_directory()
    {
        var (low, high) = TwoBandsApart();
        var id = NewCompanyId("hist-band");
        var company = await Create(id);
        var asOf = DateTimeOffset.UtcNow.AddMinutes(-1);
        var band = (await company.GetRisk())!.Assessment.Band;
        var bandChanges = new List<ulong>();
        for (var i = 1; i <= 4; i++)
        {
            var version = (await company.PublishMarketData(Tick(asOf.AddSeconds(i), marketCap: i % 2 == 1 ? low : high))).Version;
            var next = (await company.GetRisk())!.Assessment.Band;
            if (next != band)
            {
                bandChanges.Add(version);
            }

            band = next;
        }

        // Ticks 2 to 4 each cross a band, all within one interval: each is recorded at once.
        Assert.True(bandChanges.Count >= 3, $"band changes at {string.Join(",", bandChanges)}");
        await fixture.FlushHistory();
        var recorded = MarketPoints(await fixture.History.Read(id, null, null)).Select(p => p.Version).ToList();
        Assert.Equal(bandChanges, recorded.Intersect(bandChanges));

        // The directory's row carries the score of the newest point.
        var risk = (await company.GetRisk())!;
        var row = await Eventually.Returns(
            async () => (await fixture.Grains.GetGrain<ICompanyDirectoryGrain>(0).List(id[..^1], 1, null)).Companies[0],
            r => r.Score == risk.Assessment.Score);
        Assert.Equal((id, "Technology", risk.Assessment.Score, risk.Assessment.Band), (row.CompanyId, row.Sector, row.Score, row.Band));
    }

    [Fact]
    public async Task A_write_whose_point_cannot_be_stored_is_not_acknowledged_and_its_point_lands_later()
    {
        var id = NewCompanyId("hist-refused");
        var company = await Create(id);
        fixture.History.Refuse(id);
        try
        {
            await Assert.ThrowsAsync<IOException>(() => company.ReportFinancials(Batch(Quarter(QuarterEnd(1)))));
        }
        finally
        {
            fixture.History.Accept(id);
        }

        // The change itself was stored; its point is retried in the background.
        var version = (await company.GetRisk())!.Version;
        Assert.Equal(3UL, version);
        var points = await Eventually.Returns(() => fixture.History.Read(id, null, null), p => p.Count == 3, TimeSpan.FromSeconds(15));
        Assert.Equal([1UL, 2, 3], points.Select(p => p.Version));
    }

    private async Task<ICompanyGrain> Create(string id)
    {
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        await company.UpsertProfile(Profile(id));
        await company.ReportFinancials(Batch(Quarter(QuarterEnd(0))));
        return company;
    }

    private static List<HistoryPoint> MarketPoints(IEnumerable<HistoryPoint> points) => [.. points.Where(p => p.Cause == ChangeCause.Market)];

    // Two market caps whose ticks put the test company in different bands.
    private static (double Low, double High) TwoBandsApart()
    {
        double[] caps = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
        var bands = caps.Select(cap => RiskModel.Evaluate(
            new CompanyInputs([Quarter(QuarterEnd(0))], [], new MarketState(cap, 0.4, 0.04, null, DateTimeOffset.UtcNow)), ModelParameters.Default).Band).ToArray();
        Assert.NotEqual(bands[0], bands[^1]);
        return (caps[0], caps[^1]);
    }
}

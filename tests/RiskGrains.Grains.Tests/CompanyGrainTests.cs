using RiskGrains.Model;
using static RiskGrains.Grains.Tests.TestData;

namespace RiskGrains.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class CompanyGrainTests(ClusterFixture fixture)
{
    private const double Tolerance = 1e-9;

    private ICompanyGrain Company(string id) => fixture.Grains.GetGrain<ICompanyGrain>(id);

    private async Task<ICompanyGrain> CreateCompany(string prefix, params FinancialPeriod[] periods)
    {
        var id = NewCompanyId(prefix);
        var company = Company(id);
        await company.UpsertProfile(Profile(id));
        if (periods.Length > 0)
        {
            await company.ReportFinancials([.. periods]);
        }

        return company;
    }

    [Fact]
    public async Task Each_applied_write_raises_the_version_by_one_and_GetRisk_returns_that_snapshot()
    {
        var id = NewCompanyId("flow");
        var company = Company(id);

        var created = await company.UpsertProfile(Profile(id));
        Assert.Equal(new WriteResult(1, Applied: true), created);
        var first = await company.GetRisk();
        Assert.NotNull(first);
        Assert.Equal(id, first.CompanyId);
        Assert.Equal(1UL, first.Version);
        Assert.Equal(ChangeCause.Profile, first.Cause);
        Assert.Equal("Acme Compute", first.Profile.Name);
        Assert.Equal(0, first.Assessment.Periods);
        Assert.Null(first.Assessment.Liquidity);
        Assert.Null(first.Assessment.Band);

        var reported = await company.ReportFinancials(Batch(Quarter(QuarterEnd(0))));
        Assert.Equal(new WriteResult(2, Applied: true), reported);
        var second = await company.GetRisk();
        Assert.NotNull(second);
        Assert.Equal(2UL, second.Version);
        Assert.Equal(ChangeCause.Financials, second.Cause);
        Assert.Equal(QuarterEnd(0), second.Assessment.T0);
        Assert.Equal(1, second.Assessment.Periods);
        Assert.Equal(150.0, second.Assessment.Liquidity!.Value, Tolerance);
        Assert.Equal(230.0, second.Assessment.Debt!.Value, Tolerance);
        Assert.Equal(280.0, second.Assessment.AdjustedDebt!.Value, Tolerance);
        Assert.Equal(230.0 / 150.0, second.Assessment.DebtToCash!.Value, Tolerance);
        Assert.Equal(280.0 / 150.0, second.Assessment.AdjustedDebtToCash!.Value, Tolerance);
        Assert.Equal(130.0, second.Assessment.AdjustedNetDebt!.Value, Tolerance);
        Assert.Equal(3, second.Assessment.TtmMonths);
        Assert.Equal(320.0, second.Assessment.EbitdaTtm!.Value, Tolerance);
        Assert.NotNull(second.Assessment.Score);
        Assert.NotNull(second.Assessment.Band);

        var renamed = await company.UpsertProfile(Profile(id, "Acme Compute Holdings"));
        Assert.Equal(new WriteResult(3, Applied: true), renamed);
        var third = await company.GetRisk();
        Assert.NotNull(third);
        Assert.Equal(3UL, third.Version);
        Assert.Equal(ChangeCause.Profile, third.Cause);
        Assert.Equal("Acme Compute Holdings", third.Profile.Name);
        Assert.Equal(150.0, third.Assessment.Liquidity!.Value, Tolerance);
    }

    [Fact]
    public async Task The_snapshot_is_the_model_evaluation_of_the_grains_inputs()
    {
        var company = await CreateCompany("model", Quarter(QuarterEnd(0)), Quarter(QuarterEnd(1), cash: 80));
        await company.UpsertCommitment(Commitment("c1", 120, QuarterEnd(3)));
        await company.PublishMarketData(Tick(DateTimeOffset.UtcNow));

        var inputs = await company.GetInputs();
        var snapshot = await company.GetRisk();

        Assert.NotNull(inputs);
        Assert.NotNull(snapshot);
        var expected = RiskModel.Evaluate(inputs, ModelParameters.Default);
        Assert.Equal(expected.Score, snapshot.Assessment.Score);
        Assert.Equal(expected.Band, snapshot.Assessment.Band);
        Assert.Equal(expected.CommitmentAdjustedDefaultProbability, snapshot.Assessment.CommitmentAdjustedDefaultProbability);
        Assert.Equal(expected.RunwayMonths, snapshot.Assessment.RunwayMonths);
        Assert.Equal(130.0, snapshot.Assessment.Liquidity!.Value, Tolerance);
    }

    [Fact]
    public async Task A_write_to_an_unknown_company_throws_and_creates_nothing()
    {
        var id = NewCompanyId("unknown");
        var company = Company(id);

        var financials = await Assert.ThrowsAsync<UnknownCompanyException>(() => company.ReportFinancials(Batch(Quarter(QuarterEnd(0)))));
        Assert.Equal(id, financials.CompanyId);
        await Assert.ThrowsAsync<UnknownCompanyException>(() => company.UpsertCommitment(Commitment("c1", 10, QuarterEnd(1))));
        await Assert.ThrowsAsync<UnknownCompanyException>(() => company.RemoveCommitment("c1"));
        await Assert.ThrowsAsync<UnknownCompanyException>(() => company.PublishMarketData(Tick(DateTimeOffset.UtcNow)));

        Assert.Null(await company.GetRisk());
        Assert.Null(await company.GetInputs());
        var listed = await fixture.Grains.GetGrain<ICompanyDirectoryGrain>(0).List(after: id[..^1], pageSize: 1, band: null);
        Assert.DoesNotContain(listed.Companies, c => c.CompanyId == id);
    }

    [Fact]
    public async Task Duplicate_profile_period_and_commitment_writes_are_ignored()
    {
        var id = NewCompanyId("dup");
        var company = Company(id);
        await company.UpsertProfile(Profile(id));
        await company.ReportFinancials(Batch(Quarter(QuarterEnd(0))));
        var commitment = Commitment("c1", 50, QuarterEnd(2));
        var last = await company.UpsertCommitment(commitment);
        Assert.Equal(new WriteResult(3, Applied: true), last);

        // Fresh but equal objects, as a retrying client would send them.
        Assert.Equal(new WriteResult(3, Applied: false), await company.UpsertProfile(Profile(id)));
        Assert.Equal(new WriteResult(3, Applied: false), await company.ReportFinancials(Batch(Quarter(QuarterEnd(0)))));
        Assert.Equal(new WriteResult(3, Applied: false), await company.ReportFinancials([]));
        Assert.Equal(new WriteResult(3, Applied: false), await company.UpsertCommitment(Commitment("c1", 50, QuarterEnd(2))));

        var snapshot = await company.GetRisk();
        Assert.NotNull(snapshot);
        Assert.Equal(3UL, snapshot.Version);
        Assert.Equal(ChangeCause.Commitment, snapshot.Cause);
    }

    [Fact]
    public async Task Restating_a_period_replaces_it_with_cause_Restatement()
    {
        var company = await CreateCompany("restate", Quarter(QuarterEnd(0)), Quarter(QuarterEnd(1)));

        var restated = await company.ReportFinancials(Batch(Quarter(QuarterEnd(1), cash: 400)));

        Assert.Equal(new WriteResult(3, Applied: true), restated);
        var snapshot = await company.GetRisk();
        Assert.NotNull(snapshot);
        Assert.Equal(ChangeCause.Restatement, snapshot.Cause);
        Assert.Equal(2, snapshot.Assessment.Periods);
        Assert.Equal(450.0, snapshot.Assessment.Liquidity!.Value, Tolerance);
        var inputs = await company.GetInputs();
        Assert.NotNull(inputs);
        Assert.Equal([QuarterEnd(0), QuarterEnd(1)], inputs.Periods.Select(p => p.PeriodEnd));
        Assert.Equal(400.0, inputs.Periods[1].Cash);
    }

    [Fact]
    public async Task A_new_period_has_cause_Financials()
    {
        var company = await CreateCompany("newperiod", Quarter(QuarterEnd(0)));

        var reported = await company.ReportFinancials(Batch(Quarter(QuarterEnd(1))));

        Assert.Equal(new WriteResult(3, Applied: true), reported);
        Assert.Equal(ChangeCause.Financials, (await company.GetRisk())!.Cause);
    }

    [Fact]
    public async Task Resending_an_unchanged_period_with_a_new_one_is_not_a_restatement()
    {
        // An importer re-sends the whole history with each new quarter; only the new quarter changes anything.
        var company = await CreateCompany("resend", Quarter(QuarterEnd(0)), Quarter(QuarterEnd(1)));

        var reported = await company.ReportFinancials(Batch(Quarter(QuarterEnd(0)), Quarter(QuarterEnd(1)), Quarter(QuarterEnd(2))));

        Assert.Equal(new WriteResult(3, Applied: true), reported);
        var snapshot = await company.GetRisk();
        Assert.NotNull(snapshot);
        Assert.Equal(3, snapshot.Assessment.Periods);
        // KNOWN BUG (CompanyGrain.ReportFinancials): any incoming period_end already in the window counts as a
        // restatement, even when its values are unchanged; compare the records' content, not only period_end.
        Assert.Equal(ChangeCause.Financials, snapshot.Cause);
    }

    [Fact]
    public async Task The_window_keeps_only_the_newest_eight_periods()
    {
        var company = await CreateCompany("window", [.. Enumerable.Range(0, 6).Select(n => Quarter(QuarterEnd(n)))]);

        var reported = await company.ReportFinancials([.. Enumerable.Range(6, 4).Select(n => Quarter(QuarterEnd(n)))]);

        Assert.Equal(new WriteResult(3, Applied: true), reported);
        var inputs = await company.GetInputs();
        Assert.NotNull(inputs);
        Assert.Equal(Enumerable.Range(2, 8).Select(QuarterEnd), inputs.Periods.Select(p => p.PeriodEnd));
        var snapshot = await company.GetRisk();
        Assert.NotNull(snapshot);
        Assert.Equal(8, snapshot.Assessment.Periods);
        Assert.Equal(QuarterEnd(2), snapshot.Assessment.WindowStart);
        Assert.Equal(QuarterEnd(9), snapshot.Assessment.T0);
        Assert.Equal(12, snapshot.Assessment.TtmMonths);

        // A period older than the whole window changes nothing.
        Assert.Equal(new WriteResult(3, Applied: false), await company.ReportFinancials(Batch(Quarter(QuarterEnd(0), cash: 1))));
    }

    [Fact]
    public async Task Commitments_are_upserted_replaced_and_removed_by_id()
    {
        var company = await CreateCompany("book", Quarter(QuarterEnd(0)));

        Assert.Equal(new WriteResult(3, Applied: true), await company.UpsertCommitment(Commitment("c2", 100, QuarterEnd(2))));
        Assert.Equal(new WriteResult(4, Applied: true), await company.UpsertCommitment(Commitment("c1", 40, QuarterEnd(1))));
        var both = await company.GetRisk();
        Assert.NotNull(both);
        Assert.Equal(ChangeCause.Commitment, both.Cause);
        Assert.Equal(2, both.Assessment.Commitments);
        Assert.Equal(140.0, both.Assessment.CommitmentsRemaining!.Value, Tolerance);

        Assert.Equal(new WriteResult(5, Applied: true), await company.UpsertCommitment(Commitment("c2", 300, QuarterEnd(2))));
        var replaced = await company.GetRisk();
        Assert.NotNull(replaced);
        Assert.Equal(2, replaced.Assessment.Commitments);
        Assert.Equal(340.0, replaced.Assessment.CommitmentsRemaining!.Value, Tolerance);
        var inputs = await company.GetInputs();
        Assert.NotNull(inputs);
        Assert.Equal(["c1", "c2"], inputs.Commitments.Select(c => c.Id));

        Assert.Equal(new WriteResult(6, Applied: true), await company.RemoveCommitment("c1"));
        var removed = await company.GetRisk();
        Assert.NotNull(removed);
        Assert.Equal(6UL, removed.Version);
        Assert.Equal(ChangeCause.Commitment, removed.Cause);
        Assert.Equal(1, removed.Assessment.Commitments);
        Assert.Equal(300.0, removed.Assessment.CommitmentsRemaining!.Value, Tolerance);

        Assert.Equal(new WriteResult(6, Applied: false), await company.RemoveCommitment("c1"));
        Assert.Equal(new WriteResult(6, Applied: false), await company.RemoveCommitment("never-existed"));
        Assert.Equal(6UL, (await company.GetRisk())!.Version);
    }

    [Fact]
    public async Task A_newer_market_tick_applies_and_an_older_or_equal_one_is_ignored()
    {
        var company = await CreateCompany("market", Quarter(QuarterEnd(0)));
        var asOf = new DateTimeOffset(2024, 6, 3, 14, 30, 0, TimeSpan.Zero);

        var applied = await company.PublishMarketData(Tick(asOf, marketCap: 1_000));
        Assert.Equal(new WriteResult(3, Applied: true), applied with { Silo = null });
        Assert.Contains(applied.Silo, fixture.Cluster.Silos.Select(s => s.SiloAddress.ToParsableString()));
        var snapshot = await company.GetRisk();
        Assert.NotNull(snapshot);
        Assert.Equal(3UL, snapshot.Version);
        Assert.Equal(ChangeCause.Market, snapshot.Cause);
        Assert.Equal(asOf, snapshot.MarketAsOf);
        Assert.True(snapshot.Assessment.HasMarketData);
        Assert.NotNull(snapshot.Assessment.DistanceToDefault);

        Assert.Equal(new WriteResult(3, Applied: false), (await company.PublishMarketData(Tick(asOf, marketCap: 2_000))) with { Silo = null });
        Assert.Equal(new WriteResult(3, Applied: false), (await company.PublishMarketData(Tick(asOf.AddSeconds(-1), marketCap: 3_000))) with { Silo = null });
        var unchanged = await company.GetInputs();
        Assert.NotNull(unchanged);
        Assert.Equal(1_000.0, unchanged.Market!.MarketCap);
        Assert.Equal(3UL, (await company.GetRisk())!.Version);

        var newer = await company.PublishMarketData(Tick(asOf.AddSeconds(1), marketCap: 1_500));
        Assert.Equal(new WriteResult(4, Applied: true), newer with { Silo = null });
        var latest = await company.GetRisk();
        Assert.NotNull(latest);
        Assert.Equal(asOf.AddSeconds(1), latest.MarketAsOf);
        Assert.Equal(ChangeCause.Market, latest.Cause);
    }
}

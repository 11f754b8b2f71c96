using System.Collections.Immutable;
using RiskGrains.Model;
using static RiskGrains.Grains.Tests.TestData;

namespace RiskGrains.Grains.Tests;

/// <summary>
/// Alert rules evaluated by the companies of a two-silo cluster, their edges and the log. The value driven is
/// liquidity, which is the quarter's cash plus 50 (<see cref="TestData.Quarter"/>): a restatement of the quarter sets it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AlertTests(ClusterFixture fixture)
{
    private IAlertRulesGrain Rules => fixture.Grains.GetGrain<IAlertRulesGrain>(0);

    private IAlertLogGrain Log => fixture.Grains.GetGrain<IAlertLogGrain>(0);

    private MemoryAlertStore Alerts => fixture.Alerts;

    [Fact]
    public async Task A_rule_fires_once_on_a_crossing_stays_quiet_inside_and_fires_again_only_past_the_hysteresis()
    {
        var (id, company) = await CreateCompany("edge", cash: 90);
        var rule = await Upsert(LiquidityBelow("edge", 100, hysteresis: 20, companyIds: [id]));

        // liquidity: 150 (outside), 80 (enters: fires), 70 (inside), 110 (outside, within the hysteresis),
        // 90 (inside again: not re-armed, no alert), 150 (past the hysteresis: re-armed), 60 (enters: fires).
        var versions = new List<ulong>();
        foreach (var cash in (double[])[100, 30, 20, 60, 40, 100, 10])
        {
            versions.Add((await SetCash(company, cash)).Version);
        }

        await Settle(id);
        var fired = Alerts.Of(id).Where(a => a.RuleId == rule.RuleId).ToList();
        Assert.Equal([(80.0, versions[1]), (60.0, versions[6])], fired.Select(a => (a.Value, a.Version)));
        Assert.All(fired, a => Assert.Equal(("liquidity", 100.0, id), (a.Field, a.Threshold, a.CompanyId)));
        Assert.True(fired[1].Sequence > fired[0].Sequence);
    }

    [Fact]
    public async Task A_rule_above_re_arms_below_the_threshold_less_the_hysteresis()
    {
        var (id, company) = await CreateCompany("above", cash: 10);
        var rule = await Upsert(Rule("above", companyIds: [id]) with { Comparison = AlertComparison.Above, Threshold = 100, Hysteresis = 10 });

        // liquidity: 50, 120 (fires), 95 (within the hysteresis), 130 (no alert), 85 (re-armed), 101 (fires).
        var versions = new List<ulong>();
        foreach (var cash in (double[])[0, 70, 45, 80, 35, 51])
        {
            versions.Add((await SetCash(company, cash)).Version);
        }

        await Settle(id);
        Assert.Equal([(120.0, versions[1]), (101.0, versions[5])], Alerts.Of(id).Where(a => a.RuleId == rule.RuleId).Select(a => (a.Value, a.Version)));
    }

    [Fact]
    public async Task A_value_already_inside_when_the_company_is_reactivated_does_not_fire_again()
    {
        var (id, company) = await CreateCompany("restart", cash: 100);
        var rule = await Upsert(LiquidityBelow("restart", 100, hysteresis: 0, companyIds: [id]));
        var entered = await SetCash(company, 20);
        await Settle(id);

        // The activation, and what it knew of its edges, is gone; the log still holds the fired mark.
        await Deactivation.Of(fixture.Grains, company);
        await SetCash(company, 10);
        await Settle(id);
        Assert.Equal([entered.Version], Alerts.Of(id).Where(a => a.RuleId == rule.RuleId).Select(a => a.Version));

        await SetCash(company, 100);
        var again = await SetCash(company, 0);
        await Settle(id);
        Assert.Equal([entered.Version, again.Version], Alerts.Of(id).Where(a => a.RuleId == rule.RuleId).Select(a => a.Version));
    }

    [Fact]
    public async Task A_band_at_least_rule_fires_when_the_band_reaches_it_and_re_arms_below_it()
    {
        var id = NewCompanyId("band");
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        await company.UpsertProfile(Profile(id));
        await company.ReportFinancials(Batch(StrongQuarter(QuarterEnd(0))));
        var strongBand = (await company.GetRisk())!.Assessment.Band!.Value;
        var rule = await Upsert(Rule("band", companyIds: [id]) with { Field = AlertFields.Band, Comparison = AlertComparison.AtLeast, Threshold = (int)Band.Elevated });

        var weak = await company.ReportFinancials(Batch(WeakQuarter(QuarterEnd(0))));
        var weakBand = (await company.GetRisk())!.Assessment.Band!.Value;
        await company.ReportFinancials(Batch(StrongQuarter(QuarterEnd(0))));
        var weakAgain = await company.ReportFinancials(Batch(WeakQuarter(QuarterEnd(0))));
        await Settle(id);

        Assert.True(strongBand < Band.Elevated, $"the strong quarter is {strongBand}");
        Assert.True(weakBand >= Band.Elevated, $"the weak quarter is {weakBand}");
        var fired = Alerts.Of(id).Where(a => a.RuleId == rule.RuleId).ToList();
        Assert.Equal([(weak.Version, (double)(int)weakBand), (weakAgain.Version, (int)weakBand)], fired.Select(a => (a.Version, a.Value)));
        Assert.All(fired, a => Assert.Equal((AlertFields.Band, (double)(int)Band.Elevated), (a.Field, a.Threshold)));
    }

    [Fact]
    public async Task A_portfolio_rule_covers_its_members_and_a_member_added_later()
    {
        var (member, memberGrain) = await CreateCompany("pfm", cash: 100);
        var (later, laterGrain) = await CreateCompany("pfl", cash: 100);
        var portfolioId = NewCompanyId("pfalert");
        var portfolio = fixture.Grains.GetGrain<IPortfolioGrain>(portfolioId);
        await portfolio.Upsert(new Portfolio(portfolioId, "Alerted", "USD", [new Position(member, 10, 0.45)], null));
        var rule = await Upsert(Rule("pf") with { PortfolioId = portfolioId, Threshold = 100 });

        var entered = await SetCash(memberGrain, 10);
        await SetCash(laterGrain, 10);
        await Settle(member);
        await Settle(later);
        Assert.Equal([(member, entered.Version)], Alerts.All.Where(a => a.RuleId == rule.RuleId).Select(a => (a.CompanyId, a.Version)));

        // The books learn of the new member at their next refresh.
        await portfolio.Upsert(new Portfolio(portfolioId, "Alerted", "USD", [new Position(member, 10, 0.45), new Position(later, 5, 0.45)], null));
        Assert.True(await Eventually.True(() => fixture.RuleBooks.All(book => book.For(later).Any(r => r.RuleId == rule.RuleId))));
        await SetCash(laterGrain, 100);
        var laterEntered = await SetCash(laterGrain, 20);
        await Settle(later);
        Assert.Equal([(member, entered.Version), (later, laterEntered.Version)], Alerts.All.Where(a => a.RuleId == rule.RuleId).Select(a => (a.CompanyId, a.Version)));
    }

    [Fact]
    public async Task An_all_companies_rule_covers_companies_created_after_it()
    {
        var rule = await Upsert(Rule("all") with { AllCompanies = true, Comparison = AlertComparison.Above, Threshold = 1e9 });
        try
        {
            var (id, company) = await CreateCompany("allco", cash: 100);
            var entered = await SetCash(company, 2e9);
            await Settle(id);
            Assert.Equal([(id, entered.Version, 2e9 + 50)], Alerts.Of(id).Where(a => a.RuleId == rule.RuleId).Select(a => (a.CompanyId, a.Version, a.Value)));
        }
        finally
        {
            await Rules.Remove(rule.RuleId);
        }
    }

    [Fact]
    public async Task An_identical_upsert_changes_nothing_and_a_changed_rule_starts_afresh()
    {
        var (id, company) = await CreateCompany("revise", cash: 100);
        var rule = LiquidityBelow("revise", 100, hysteresis: 0, companyIds: [id]);
        var version = (await Rules.Get()).Version;
        var first = await Rules.Upsert(rule, maxRules: 1_000);
        var again = await Rules.Upsert(rule with { CompanyIds = [id] }, maxRules: 1_000);
        Assert.Equal(new AlertRuleWrite(version + 1, Applied: true), first);
        Assert.Equal(new AlertRuleWrite(first.Version, Applied: false), again);

        var entered = await SetCash(company, 0);
        await Settle(id);

        // A new threshold is a new rule for the edges: the value inside its region fires once more, at the next version.
        var settled = (await Rules.Get()).Version;
        var revised = await Rules.Upsert(rule with { Threshold = 90 }, maxRules: 1_000);
        Assert.Equal(settled + 1, revised.Version);
        var next = await SetCash(company, 1);
        await Settle(id);
        Assert.Equal([(entered.Version, 100.0), (next.Version, 90.0)], Alerts.Of(id).Where(a => a.RuleId == rule.RuleId).Select(a => (a.Version, a.Threshold)));
        Assert.Equal(revised.Version, (await Rules.Get()).Rules.Single(r => r.RuleId == rule.RuleId).Revision);
    }

    [Fact]
    public async Task A_new_rule_past_the_limit_is_refused_and_a_removed_rule_fires_no_more()
    {
        var before = await Rules.Get();
        var refused = await Rules.Upsert(Rule("full"), maxRules: before.Rules.Length);
        Assert.Equal(new AlertRuleWrite(before.Version, Applied: false, Full: true), refused);
        Assert.DoesNotContain((await Rules.Get()).Rules, r => r.RuleId.StartsWith("full-", StringComparison.Ordinal));

        var (id, company) = await CreateCompany("removed", cash: 100);
        var rule = await Upsert(LiquidityBelow("removed", 100, hysteresis: 0, companyIds: [id]));
        var removed = await Rules.Remove(rule.RuleId);
        Assert.NotNull(removed);
        Assert.Null(await Rules.Remove(rule.RuleId));
        Assert.True(fixture.RuleBooks.All(book => book.For(id).IsEmpty));
        await SetCash(company, 0);
        await Settle(id);
        Assert.DoesNotContain(Alerts.Of(id), a => a.RuleId == rule.RuleId);
    }

    [Fact]
    public async Task The_log_stores_a_firing_once_however_often_it_is_sent_and_re_arming_clears_the_mark()
    {
        var company = NewCompanyId("dedup");
        var firing = new AlertEvent(0, "dedup-rule", company, "score", 70, 60, 5, "", DateTimeOffset.UtcNow);

        var stored = await Log.Fire(firing, revision: 3);
        var retried = await Log.Fire(firing, revision: 3);
        var olderRevision = await Log.Fire(firing with { Version = 6 }, revision: 2);

        Assert.NotNull(stored);
        Assert.Equal(firing with { Sequence = stored.Sequence }, stored);
        Assert.Null(retried);
        Assert.Null(olderRevision);
        Assert.Equal(3UL, Alerts.FiredMark("dedup-rule", company));

        await Log.Rearm("dedup-rule", company, revision: 2);
        Assert.Equal(3UL, Alerts.FiredMark("dedup-rule", company));
        await Log.Rearm("dedup-rule", company, revision: 3);
        Assert.Null(Alerts.FiredMark("dedup-rule", company));
        var refired = await Log.Fire(firing with { Version = 7 }, revision: 3);
        Assert.True(refired!.Sequence > stored.Sequence);
    }

    [Fact]
    public async Task A_company_that_no_rule_covers_finds_no_rules_and_fires_nothing()
    {
        var (id, company) = await CreateCompany("uncovered", cash: 100);
        await SetCash(company, 0);
        Assert.All(fixture.RuleBooks, book => Assert.Empty(book.For(id)));
        await Settle(id);
        Assert.All(Alerts.Of(id), a => Assert.StartsWith("settle-", a.RuleId, StringComparison.Ordinal));
    }

    private static AlertRule Rule(string prefix, ImmutableArray<string>? companyIds = null) =>
        new($"{prefix}-{Guid.NewGuid():N}", companyIds ?? [], "", false, "liquidity", AlertComparison.Below, 0, 0, 0);

    private static AlertRule LiquidityBelow(string prefix, double threshold, double hysteresis, ImmutableArray<string> companyIds) =>
        Rule(prefix, companyIds) with { Threshold = threshold, Hysteresis = hysteresis };

    /// <summary>
    /// Upserts the rule and waits until every silo's book holds it: the rules grain pushes a change without waiting
    /// for the books, so a company's next change could otherwise be evaluated against the rules before it.
    /// </summary>
    private async Task<AlertRule> Upsert(AlertRule rule)
    {
        var write = await Rules.Upsert(rule, maxRules: 1_000);
        Assert.True(write.Applied);
        Assert.True(await Eventually.True(() => fixture.RuleBooks.All(book => book.Version >= write.Version)));
        return rule with { Revision = write.Version };
    }

    private async Task<(string Id, ICompanyGrain Company)> CreateCompany(string prefix, double cash)
    {
        var id = NewCompanyId(prefix);
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        await company.UpsertProfile(Profile(id));
        await company.ReportFinancials(Batch(Quarter(QuarterEnd(0), cash)));
        return (id, company);
    }

    private static async Task<WriteResult> SetCash(ICompanyGrain company, double cash)
    {
        var result = await company.ReportFinancials(Batch(Quarter(QuarterEnd(0), cash)));
        Assert.True(result.Applied);
        return result;
    }

    /// <summary>
    /// Waits until every edge the company sent so far has reached the log: a company sends its edges in order, so once a
    /// rule that always fires has fired for a later version, everything before it is stored.
    /// </summary>
    private async Task Settle(string companyId)
    {
        var sentinel = await Upsert(Rule("settle", [companyId]) with { Comparison = AlertComparison.Above, Threshold = -1e15 });
        var tick = await fixture.Grains.GetGrain<ICompanyGrain>(companyId).PublishMarketData(Tick(DateTimeOffset.UtcNow));
        try
        {
            Assert.True(await Eventually.True(() => Alerts.Of(companyId).Any(a => a.RuleId == sentinel.RuleId && a.Version >= tick.Version)), $"{companyId}: the sentinel never fired");
        }
        finally
        {
            await Rules.Remove(sentinel.RuleId);
        }
    }
}

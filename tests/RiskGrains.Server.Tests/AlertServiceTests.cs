using Grpc.Core;
using RiskGrains.Contract.V1;
using static RiskGrains.Server.Tests.AlertRequests;

namespace RiskGrains.Server.Tests;

/// <summary>AlertService over real HTTP/2: rules, alerts fired by writes, and WatchAlerts' replay and live stream.</summary>
[Collection(SharedServiceCollection.Name)]
public sealed class AlertServiceTests(SharedService service)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly RiskService.RiskServiceClient _risk = service.Host.Client;
    private readonly AlertService.AlertServiceClient _client = new(service.Host.Channel);

    [Fact]
    public async Task Rules_are_listed_as_upserted_an_identical_upsert_changes_nothing_and_a_removal_raises_the_version()
    {
        var (a, b) = (NewRuleId("LA"), NewRuleId("LB"));
        var threshold = LiquidityBelow(a, 100, 5, "CO-1", "CO-2");
        var band = new UpsertAlertRuleRequest { Rule = new AlertRule { RuleId = b, PortfolioId = "hyperscalers", BandAtLeast = Band.High, Hysteresis = 1 } };

        var first = await _client.UpsertAlertRuleAsync(threshold);
        var second = await _client.UpsertAlertRuleAsync(band);
        var again = await _client.UpsertAlertRuleAsync(threshold);
        var listed = await _client.ListAlertRulesAsync(new ListAlertRulesRequest());

        Assert.Equal((first.Version + 1, second.Version), (second.Version, again.Version));
        Assert.Equal(second.Version, listed.Version);
        Assert.Equal(threshold.Rule, listed.Rules.Single(r => r.RuleId == a));
        Assert.Equal(band.Rule, listed.Rules.Single(r => r.RuleId == b));
        Assert.Equal(listed.Rules.Select(r => r.RuleId).Order(StringComparer.Ordinal), listed.Rules.Select(r => r.RuleId));

        var removed = await _client.RemoveAlertRuleAsync(new RemoveAlertRuleRequest { RuleId = a });
        Assert.Equal(second.Version + 1, removed.Version);
        var after = await _client.ListAlertRulesAsync(new ListAlertRulesRequest());
        Assert.DoesNotContain(after.Rules, r => r.RuleId == a);
        await Refusals.AssertStatus(() => _client.RemoveAlertRuleAsync(new RemoveAlertRuleRequest { RuleId = a }).ResponseAsync, StatusCode.NotFound, $"alert rule '{a}' is unknown");
        await _client.RemoveAlertRuleAsync(new RemoveAlertRuleRequest { RuleId = b });
    }

    [Fact]
    public async Task A_crossing_fires_one_alert_with_the_version_and_trace_id_of_the_write_that_caused_it()
    {
        var id = Requests.NewCompanyId("AF");
        await Requests.CreateAsync(_risk, id);
        var rule = NewRuleId("AF");
        await _client.UpsertAlertRuleAsync(LiquidityBelow(rule, 100, 10, id));
        using var watch = _client.WatchAlerts(WatchFrom(0, rule));

        var entered = await SetCashAsync(_risk, id, 30);
        await SetCashAsync(_risk, id, 20);
        var alert = (await TakeAsync(watch, 1, Timeout)).Single();

        Assert.Equal((rule, id, "liquidity", 50.0, 100.0, entered), (alert.RuleId, alert.CompanyId, alert.Field, alert.Value, alert.Threshold, alert.Version));
        Assert.True(alert.Sequence > 0);
        var recompute = service.Host.SpansSnapshot().Single(s => s.OperationName == "recompute" && Equals(s.GetTagItem("company.id"), id) && Equals(s.GetTagItem("company.version"), (long)entered));
        Assert.Equal(recompute.TraceId.ToHexString(), alert.TraceId);
        Assert.InRange(alert.Time.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);

        // Inside the region still: nothing more.
        Assert.Null(await NextWithinAsync(watch, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task WatchAlerts_replays_what_follows_after_sequence_then_streams_live_ones_without_a_gap_or_a_repeat()
    {
        var id = Requests.NewCompanyId("AR");
        await Requests.CreateAsync(_risk, id);
        var rule = NewRuleId("AR");
        await _client.UpsertAlertRuleAsync(LiquidityBelow(rule, 100, 0, id));
        var versions = new List<ulong>();
        foreach (var cash in (double[])[10, 100, 20, 100, 30])
        {
            versions.Add(await SetCashAsync(_risk, id, cash));
        }

        List<AlertEvent> all;
        using (var everything = _client.WatchAlerts(WatchFrom(0, rule)))
        {
            all = await TakeAsync(everything, 3, Timeout);
        }

        Assert.Equal([versions[0], versions[2], versions[4]], all.Select(a => a.Version));
        Assert.True(all[0].Sequence < all[1].Sequence && all[1].Sequence < all[2].Sequence);

        // A client that received the first resumes after it: the other two, then the next as it fires.
        using var resumed = _client.WatchAlerts(WatchFrom(all[0].Sequence, rule));
        var replayed = await TakeAsync(resumed, 2, Timeout);
        await SetCashAsync(_risk, id, 100);
        var live = await SetCashAsync(_risk, id, 40);
        var next = await TakeAsync(resumed, 1, Timeout);

        Assert.Equal(all[1..], replayed);
        Assert.Equal([live], next.Select(a => a.Version));
        Assert.True(next[0].Sequence > all[2].Sequence);
        Assert.Null(await NextWithinAsync(resumed, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Alerts_that_fire_while_a_watch_starts_are_each_sent_once_in_sequence_order()
    {
        var ids = Enumerable.Range(0, 12).Select(i => Requests.NewCompanyId($"AS{i}")).ToArray();
        foreach (var id in ids)
        {
            await Requests.CreateAsync(_risk, id);
        }

        var rule = NewRuleId("AS");
        await _client.UpsertAlertRuleAsync(LiquidityBelow(rule, 100, 0, ids));

        // Half fire before the watch starts, half while it replays and after.
        await Task.WhenAll(ids[..6].Select(id => SetCashAsync(_risk, id, 0)));
        using var watch = _client.WatchAlerts(WatchFrom(0, rule));
        var writes = Task.WhenAll(ids[6..].Select(id => SetCashAsync(_risk, id, 0)));
        var alerts = await TakeAsync(watch, ids.Length, Timeout);
        await writes;

        Assert.Equal(ids.Order(StringComparer.Ordinal), alerts.Select(a => a.CompanyId).Order(StringComparer.Ordinal));
        Assert.Equal(alerts.Select(a => a.Sequence).Order(), alerts.Select(a => a.Sequence));
        Assert.Equal(alerts.Count, alerts.Select(a => a.Sequence).Distinct().Count());
        Assert.Null(await NextWithinAsync(watch, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_watch_of_no_rule_in_particular_receives_the_alerts_of_every_rule()
    {
        var id = Requests.NewCompanyId("AW");
        await Requests.CreateAsync(_risk, id);
        var (low, lower) = (NewRuleId("AW1"), NewRuleId("AW2"));
        await _client.UpsertAlertRuleAsync(LiquidityBelow(low, 100, 0, id));
        await _client.UpsertAlertRuleAsync(LiquidityBelow(lower, 50, 0, id));
        using var watch = _client.WatchAlerts(WatchFrom(0));

        var version = await SetCashAsync(_risk, id, 0);
        var mine = new List<AlertEvent>();
        using var cancel = new CancellationTokenSource(Timeout);
        while (mine.Count < 2 && await watch.ResponseStream.MoveNext(cancel.Token))
        {
            if (watch.ResponseStream.Current.Event.CompanyId == id)
            {
                mine.Add(watch.ResponseStream.Current.Event);
            }
        }

        Assert.Equal(new[] { (low, version), (lower, version) }.Order(), mine.Select(a => (a.RuleId, a.Version)).Order());
    }

    [Fact]
    public async Task A_watch_after_a_sequence_not_reached_yet_sends_nothing_until_the_sequences_pass_it()
    {
        var id = Requests.NewCompanyId("AX");
        await Requests.CreateAsync(_risk, id);
        var rule = NewRuleId("AX");
        await _client.UpsertAlertRuleAsync(LiquidityBelow(rule, 100, 0, id));
        using var far = _client.WatchAlerts(WatchFrom(ulong.MaxValue, rule));
        using var all = _client.WatchAlerts(WatchFrom(0, rule));

        var version = await SetCashAsync(_risk, id, 0);

        Assert.Equal([version], (await TakeAsync(all, 1, Timeout)).Select(a => a.Version));
        Assert.Null(await NextWithinAsync(far, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task An_unknown_company_id_in_a_rule_is_kept_and_fires_once_the_company_exists()
    {
        var id = Requests.NewCompanyId("AU");
        var rule = NewRuleId("AU");
        await _client.UpsertAlertRuleAsync(LiquidityBelow(rule, 100, 0, id));
        using var watch = _client.WatchAlerts(WatchFrom(0, rule));

        await Requests.CreateAsync(_risk, id);
        var version = await SetCashAsync(_risk, id, 0);

        Assert.Equal([version], (await TakeAsync(watch, 1, Timeout)).Select(a => a.Version));
    }
}

using Grpc.Core;
using RiskGrains.Contract.V1;
using static RiskGrains.Server.Tests.AlertRequests;

namespace RiskGrains.Server.Tests;

/// <summary>AlertService's malformed and out-of-range input: INVALID_ARGUMENT naming each field, and nothing changed.</summary>
[Collection(SharedServiceCollection.Name)]
public sealed class AlertValidationTests(SharedService service)
{
    private readonly AlertService.AlertServiceClient _client = new(service.Host.Channel);

    public static TheoryData<string, string, string> MalformedRules() => new()
    {
        { "no rule", "rule", "is required" },
        { "bad rule id", "rule.rule_id", "must be 1 to 64 characters" },
        { "empty rule id", "rule.rule_id", "must be 1 to 64 characters" },
        { "unknown field", "rule.field", "must be the proto name of a numeric field of CompanyRisk: adjusted_debt, adjusted_debt_to_cash, adjusted_net_debt, altman_z," },
        { "field band", "rule.field", "the band is watched with band_at_least" },
        { "no condition", "rule.field", "a condition is required: field with comparison and threshold, or band_at_least" },
        { "no comparison", "rule.comparison", "must be COMPARISON_ABOVE or COMPARISON_BELOW" },
        { "unknown comparison", "rule.comparison", "must be COMPARISON_ABOVE or COMPARISON_BELOW" },
        { "NaN threshold", "rule.threshold", "must be a finite number between -1e15 and 1e15" },
        { "infinite threshold", "rule.threshold", "must be a finite number between -1e15 and 1e15" },
        { "huge threshold", "rule.threshold", "must be a finite number between -1e15 and 1e15" },
        { "negative hysteresis", "rule.hysteresis", "must be a finite number between 0 and 1e15" },
        { "NaN hysteresis", "rule.hysteresis", "must be a finite number between 0 and 1e15" },
        { "empty scope", "rule.company_ids", "a scope is required: company_ids, portfolio_id or all_companies" },
        { "two scopes", "rule.portfolio_id", "only one scope may be set, not company_ids and portfolio_id" },
        { "three scopes", "rule.all_companies", "only one scope may be set, not company_ids and portfolio_id and all_companies" },
        { "too many ids", "rule.company_ids", "must hold at most 50 company ids (RiskGrains:Limits:MaxAlertRuleCompanies)" },
        { "bad company id", "rule.company_ids[1]", "must be 1 to 64 characters" },
        { "duplicate company id", "rule.company_ids[1]", "appears twice" },
        { "bad portfolio id", "rule.portfolio_id", "must be 1 to 64 characters" },
        { "band and field", "rule.field", "must be empty with band_at_least" },
        { "band and comparison", "rule.comparison", "must be unset with band_at_least" },
        { "band and threshold", "rule.threshold", "must be unset with band_at_least" },
        { "unknown band", "rule.band_at_least", "must be BAND_LOW, BAND_MODERATE, BAND_ELEVATED, BAND_HIGH or BAND_SEVERE" },
    };

    [Theory]
    [MemberData(nameof(MalformedRules))]
    public async Task A_malformed_rule_is_refused_naming_its_field_and_changes_nothing(string @case, string field, string message)
    {
        var request = LiquidityBelow(NewRuleId("V"), 100, 5, "CO-1", "CO-2");
        var rule = request.Rule;
        switch (@case)
        {
            case "no rule": request.Rule = null; break;
            case "bad rule id": rule.RuleId = "has space"; break;
            case "empty rule id": rule.RuleId = ""; break;
            case "unknown field": rule.Field = "scroe"; break;
            case "field band": rule.Field = "band"; break;
            case "no condition": rule.Field = ""; rule.Comparison = Comparison.Unspecified; rule.Threshold = 0; break;
            case "no comparison": rule.Comparison = Comparison.Unspecified; break;
            case "unknown comparison": rule.Comparison = (Comparison)7; break;
            case "NaN threshold": rule.Threshold = double.NaN; break;
            case "infinite threshold": rule.Threshold = double.NegativeInfinity; break;
            case "huge threshold": rule.Threshold = 2e15; break;
            case "negative hysteresis": rule.Hysteresis = -0.5; break;
            case "NaN hysteresis": rule.Hysteresis = double.NaN; break;
            case "empty scope": rule.CompanyIds.Clear(); break;
            case "two scopes": rule.PortfolioId = "hyperscalers"; break;
            case "three scopes": rule.PortfolioId = "hyperscalers"; rule.AllCompanies = true; break;
            case "too many ids": rule.CompanyIds.Add(Enumerable.Range(0, 49).Select(i => $"X{i}")); break;
            case "bad company id": rule.CompanyIds[1] = "bad/id"; break;
            case "duplicate company id": rule.CompanyIds[1] = "CO-1"; break;
            case "bad portfolio id": rule.CompanyIds.Clear(); rule.PortfolioId = new string('p', 65); break;
            case "band and field": rule.Comparison = Comparison.Unspecified; rule.Threshold = 0; rule.BandAtLeast = Band.High; break;
            case "band and comparison": rule.Field = ""; rule.Threshold = 0; rule.BandAtLeast = Band.High; break;
            case "band and threshold": rule.Field = ""; rule.Comparison = Comparison.Unspecified; rule.BandAtLeast = Band.High; break;
            case "unknown band": rule.Field = ""; rule.Comparison = Comparison.Unspecified; rule.Threshold = 0; rule.BandAtLeast = (Band)9; break;
            default: throw new ArgumentOutOfRangeException(nameof(@case), @case, "no such case");
        }

        var before = await _client.ListAlertRulesAsync(new ListAlertRulesRequest());
        await Refusals.AssertInvalid(() => _client.UpsertAlertRuleAsync(request).ResponseAsync, field, message);
        var after = await _client.ListAlertRulesAsync(new ListAlertRulesRequest());

        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Every_offending_field_of_a_rule_is_named_at_once()
    {
        var request = LiquidityBelow("bad id", double.NaN, -1);
        request.Rule.Field = "nope";

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.UpsertAlertRuleAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        foreach (var field in (string[])["rule.rule_id", "rule.company_ids", "rule.field", "rule.threshold", "rule.hysteresis"])
        {
            Assert.Contains(field + " ", error.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_bad_rule_id_to_remove_is_refused_and_an_unknown_one_is_not_found()
    {
        await Refusals.AssertInvalid(() => _client.RemoveAlertRuleAsync(new RemoveAlertRuleRequest { RuleId = "" }).ResponseAsync, "rule_id", "must be 1 to 64 characters");
        await Refusals.AssertStatus(() => _client.RemoveAlertRuleAsync(new RemoveAlertRuleRequest { RuleId = "never-made" }).ResponseAsync, StatusCode.NotFound, "alert rule 'never-made' is unknown");
    }

    [Theory]
    [InlineData("bad id", "rule_ids[1]", "must be 1 to 64 characters")]
    [InlineData("duplicate id", "rule_ids[2]", "appears twice")]
    [InlineData("too many ids", "rule_ids", "must hold at most 1000 rule ids (RiskGrains:Limits:MaxAlertRules)")]
    public async Task A_malformed_watch_is_refused_naming_its_field(string @case, string field, string message)
    {
        var request = WatchFrom(0, "a", "b");
        switch (@case)
        {
            case "bad id": request.RuleIds[1] = "b c"; break;
            case "duplicate id": request.RuleIds.Add("a"); break;
            default: request.RuleIds.Add(Enumerable.Range(0, 999).Select(i => $"r{i}")); break;
        }

        await Refusals.AssertInvalid(
            async () =>
            {
                using var watch = _client.WatchAlerts(request);
                await watch.ResponseStream.MoveNext(CancellationToken.None);
            },
            field,
            message);
    }
}

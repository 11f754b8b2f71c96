using System.Collections.Immutable;
using RiskGrains.Grains;
using RiskGrains.Model;
using RiskGrains.Server.Hosting;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>The readers of AlertService's requests (docs/api.md, AlertService).</summary>
internal static partial class RequestReader
{
    /// <summary>Thresholds and hysteresis are bounded as money is (docs/risk-model.md §1), so every comparison is finite.</summary>
    public const double MaxAlertNumber = 1e15;

    public static AlertRule Read(V1.UpsertAlertRuleRequest request, RequestLimits limits, List<FieldError> errors)
    {
        const string path = "rule";
        if (request.Rule is not { } rule)
        {
            errors.Add(new FieldError(path, "is required"));
            return new AlertRule("", [], "", false, "", AlertComparison.Above, 0, 0, 0);
        }

        errors.AddRange(InputRules.ValidateId(rule.RuleId, "rule.rule_id"));
        var companyIds = AlertScope(rule, limits, errors);
        var (field, comparison, threshold) = AlertCondition(rule, errors);
        if (!double.IsFinite(rule.Hysteresis) || rule.Hysteresis < 0 || rule.Hysteresis > MaxAlertNumber)
        {
            errors.Add(new FieldError("rule.hysteresis", $"must be a finite number between 0 and {MaxAlertNumber:0e0}"));
        }

        return new AlertRule(rule.RuleId, companyIds, rule.PortfolioId, rule.AllCompanies, field, comparison, threshold, rule.Hysteresis, Revision: 0);
    }

    public static string Read(V1.RemoveAlertRuleRequest request, List<FieldError> errors)
    {
        errors.AddRange(InputRules.ValidateId(request.RuleId, "rule_id"));
        return request.RuleId;
    }

    public static (IReadOnlySet<string> RuleIds, ulong AfterSequence) Read(V1.WatchAlertsRequest request, RequestLimits limits, List<FieldError> errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (RequestLimits.Count(request.RuleIds.Count, limits.Options.MaxAlertRules, "rule ids", nameof(LimitsOptions.MaxAlertRules), "rule_ids", errors))
        {
            for (var i = 0; i < request.RuleIds.Count; i++)
            {
                var id = request.RuleIds[i];
                errors.AddRange(InputRules.ValidateId(id, $"rule_ids[{i}]"));
                if (!ids.Add(id))
                {
                    errors.Add(new FieldError($"rule_ids[{i}]", "appears twice"));
                }
            }
        }

        return (ids, request.AfterSequence);
    }

    // Exactly one scope; too many ids are not read, so a huge list costs no more than its count.
    private static ImmutableArray<string> AlertScope(V1.AlertRule rule, RequestLimits limits, List<FieldError> errors)
    {
        var scopes = new[] { (rule.CompanyIds.Count > 0, "company_ids"), (rule.PortfolioId.Length > 0, "portfolio_id"), (rule.AllCompanies, "all_companies") };
        var set = scopes.Where(s => s.Item1).Select(s => s.Item2).ToList();
        if (set.Count == 0)
        {
            errors.Add(new FieldError("rule.company_ids", "a scope is required: company_ids, portfolio_id or all_companies"));
        }
        else if (set.Count > 1)
        {
            errors.AddRange(set.Select(name => new FieldError($"rule.{name}", $"only one scope may be set, not {string.Join(" and ", set)}")));
        }

        if (rule.PortfolioId.Length > 0)
        {
            errors.AddRange(InputRules.ValidateId(rule.PortfolioId, "rule.portfolio_id"));
        }

        if (!RequestLimits.Count(rule.CompanyIds.Count, limits.Options.MaxAlertRuleCompanies, "company ids", nameof(LimitsOptions.MaxAlertRuleCompanies), "rule.company_ids", errors))
        {
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rule.CompanyIds.Count; i++)
        {
            var id = rule.CompanyIds[i];
            errors.AddRange(InputRules.ValidateCompanyId(id, $"rule.company_ids[{i}]"));
            if (!seen.Add(id))
            {
                errors.Add(new FieldError($"rule.company_ids[{i}]", "appears twice"));
            }
        }

        return [.. rule.CompanyIds];
    }

    // A field with a comparison and a threshold, or band_at_least; never both.
    private static (string Field, AlertComparison Comparison, double Threshold) AlertCondition(V1.AlertRule rule, List<FieldError> errors)
    {
        if (rule.BandAtLeast != V1.Band.Unspecified)
        {
            if (rule.Field.Length > 0)
            {
                errors.Add(new FieldError("rule.field", "must be empty with band_at_least: the condition is one or the other"));
            }

            if (rule.Comparison != V1.Comparison.Unspecified)
            {
                errors.Add(new FieldError("rule.comparison", "must be unset with band_at_least"));
            }

            if (rule.Threshold != 0)
            {
                errors.Add(new FieldError("rule.threshold", "must be unset with band_at_least"));
            }

            if (ProtoMapping.ToDomain(rule.BandAtLeast) is not { } band)
            {
                errors.Add(new FieldError("rule.band_at_least", "must be BAND_LOW, BAND_MODERATE, BAND_ELEVATED, BAND_HIGH or BAND_SEVERE"));
                return (AlertFields.Band, AlertComparison.AtLeast, 0);
            }

            return (AlertFields.Band, AlertComparison.AtLeast, (int)band);
        }

        if (rule.Field.Length == 0)
        {
            errors.Add(new FieldError("rule.field", "a condition is required: field with comparison and threshold, or band_at_least"));
        }
        else if (!AlertFields.IsThresholdField(rule.Field))
        {
            var hint = rule.Field == AlertFields.Band ? "the band is watched with band_at_least" : $"must be the proto name of a numeric field of CompanyRisk: {string.Join(", ", AlertFields.ThresholdFields)}";
            errors.Add(new FieldError("rule.field", hint));
        }

        var comparison = rule.Comparison switch
        {
            V1.Comparison.Above => AlertComparison.Above,
            V1.Comparison.Below => AlertComparison.Below,
            _ => (AlertComparison?)null,
        };
        if (comparison is null)
        {
            errors.Add(new FieldError("rule.comparison", "must be COMPARISON_ABOVE or COMPARISON_BELOW"));
        }

        if (!double.IsFinite(rule.Threshold) || Math.Abs(rule.Threshold) > MaxAlertNumber)
        {
            errors.Add(new FieldError("rule.threshold", $"must be a finite number between -{MaxAlertNumber:0e0} and {MaxAlertNumber:0e0}"));
        }

        return (rule.Field, comparison ?? AlertComparison.Above, rule.Threshold);
    }
}

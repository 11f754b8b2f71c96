using Google.Protobuf.WellKnownTypes;
using RiskGrains.Grains;
using RiskGrains.Model;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>AlertService's messages from the domain's.</summary>
internal static class AlertMapping
{
    public static V1.AlertRule ToProto(AlertRule rule)
    {
        var proto = new V1.AlertRule
        {
            RuleId = rule.RuleId,
            PortfolioId = rule.PortfolioId,
            AllCompanies = rule.AllCompanies,
            Hysteresis = rule.Hysteresis,
        };
        proto.CompanyIds.AddRange(rule.CompanyIds);
        if (rule.Comparison == AlertComparison.AtLeast)
        {
            proto.BandAtLeast = ProtoMapping.ToProto((Band)(int)rule.Threshold);
        }
        else
        {
            proto.Field = rule.Field;
            proto.Comparison = rule.Comparison == AlertComparison.Above ? V1.Comparison.Above : V1.Comparison.Below;
            proto.Threshold = rule.Threshold;
        }

        return proto;
    }

    public static V1.AlertEvent ToProto(AlertEvent alert) => new()
    {
        Sequence = alert.Sequence,
        RuleId = alert.RuleId,
        CompanyId = alert.CompanyId,
        Field = alert.Field,
        Value = alert.Value,
        Threshold = alert.Threshold,
        Version = alert.Version,
        TraceId = alert.TraceId,
        Time = Timestamp.FromDateTimeOffset(alert.Time),
    };
}

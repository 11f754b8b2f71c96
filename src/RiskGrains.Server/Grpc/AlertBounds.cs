using RiskGrains.Server.Hosting;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// The largest ListAlertRules response the limits allow (every rule at its largest), worked out as
/// <see cref="PortfolioBounds"/> does: it must fit the send limit, or the server does not start.
/// </summary>
internal static class AlertBounds
{
    private const int Embedded = 6;

    private const int Id = 2 + 64;

    private const int Number = 9;

    // The longest field name is well under 64 characters.
    private const int FieldName = 2 + 64;

    /// <summary>One AlertRule at its largest: its id, its company ids, a portfolio id, the flag, the field, the comparison, three numbers and a band.</summary>
    public static long Rule(LimitsOptions limits) =>
        Embedded + Id + ((long)limits.MaxAlertRuleCompanies * Id) + Id + 2 + FieldName + 2 + (2 * Number) + 2;

    public static long ListAlertRules(LimitsOptions limits) => 16 + ((long)limits.MaxAlertRules * Rule(limits));

    public static IEnumerable<string> Problems(LimitsOptions limits)
    {
        if (ListAlertRules(limits) > limits.MaxSendMessageSize)
        {
            yield return $"{LimitsOptions.Key(nameof(LimitsOptions.MaxAlertRules))} ({limits.MaxAlertRules}) and {LimitsOptions.Key(nameof(LimitsOptions.MaxAlertRuleCompanies))} ({limits.MaxAlertRuleCompanies}) allow a ListAlertRules response of up to {ListAlertRules(limits)} bytes, more than {LimitsOptions.Key(nameof(LimitsOptions.MaxSendMessageSize))} ({limits.MaxSendMessageSize})";
        }
    }
}

namespace RiskGrains.Grains;

/// <summary>
/// One firing of a rule for a company: the value that entered the region, the rule's threshold, and the
/// version and trace id of the change that caused it. <see cref="Sequence"/> is given by the log when it
/// is stored (0 before); it rises with every alert of the service.
/// </summary>
[GenerateSerializer, Immutable, Alias("riskgrains.AlertEvent")]
public sealed record AlertEvent(
    [property: Id(0)] ulong Sequence,
    [property: Id(1)] string RuleId,
    [property: Id(2)] string CompanyId,
    [property: Id(3)] string Field,
    [property: Id(4)] double Value,
    [property: Id(5)] double Threshold,
    [property: Id(6)] ulong Version,
    [property: Id(7)] string TraceId,
    [property: Id(8)] DateTimeOffset Time);

namespace RiskGrains.Grains;

/// <summary>
/// What a rule write did: the rule set's version after it, and whether it changed anything. <see cref="Full"/>: refused,
/// since a new rule would have made the set larger than its limit.
/// </summary>
[GenerateSerializer, Immutable, Alias("riskgrains.AlertRuleWrite")]
public readonly record struct AlertRuleWrite(
    [property: Id(0)] ulong Version,
    [property: Id(1)] bool Applied,
    [property: Id(2)] bool Full = false);

using System.Collections.Immutable;

namespace RiskGrains.Grains;

/// <summary>Every alert rule, by rule id, and the version of the set (+1 per applied change).</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.AlertRuleSet")]
public sealed record AlertRuleSet(
    [property: Id(0)] ulong Version,
    [property: Id(1)] ImmutableArray<AlertRule> Rules)
{
    public static readonly AlertRuleSet Empty = new(0, []);
}

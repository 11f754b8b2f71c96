using System.Collections.Immutable;

namespace RiskGrains.Grains;

/// <summary>What the rules grain persists.</summary>
public sealed record AlertRulesState
{
    public ulong Version { get; init; }

    public ImmutableArray<AlertRule> Rules { get; init; } = [];
}

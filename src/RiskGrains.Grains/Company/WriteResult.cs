namespace RiskGrains.Grains;

/// <summary>What a write did: applied (new version) or ignored as stale or duplicate (version unchanged).</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.WriteResult")]
public readonly record struct WriteResult(
    [property: Id(0)] ulong Version,
    [property: Id(1)] bool Applied);

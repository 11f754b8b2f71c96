namespace RiskGrains.Grains;

/// <summary>
/// What a write did: applied (new version) or ignored as stale or duplicate (version unchanged). A tick's
/// result also names the silo hosting the company (<see cref="MarketBoard.SiloKey"/>), where its next ticks go.
/// </summary>
[GenerateSerializer, Immutable, Alias("riskgrains.WriteResult")]
public readonly record struct WriteResult(
    [property: Id(0)] ulong Version,
    [property: Id(1)] bool Applied,
    [property: Id(2)] string? Silo = null);

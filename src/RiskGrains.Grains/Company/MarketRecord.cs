using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// The live part, saved on its own every few seconds and at each version reservation: a few
/// hundred bytes, where rewriting the whole company would cost its periods and commitments each time.
/// </summary>
public sealed record MarketRecord
{
    public MarketState? Market { get; init; }
    public ulong Version { get; init; }
    public ulong VersionCeiling { get; init; }
}

using System.Collections.Immutable;
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

    /// <summary>
    /// The counterparties' scores the current version was evaluated with (docs/risk-model.md §6): like the
    /// market state they are volatile, and an activation starts from them until the counterparties answer.
    /// </summary>
    public ImmutableDictionary<string, double>? CounterpartyScores { get; init; }
}

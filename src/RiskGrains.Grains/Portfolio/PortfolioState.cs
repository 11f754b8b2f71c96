using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>What a portfolio grain persists: its definition and its version. The figures are rebuilt from the members.</summary>
public sealed record PortfolioState
{
    /// <summary>Null for a portfolio that does not exist (never created, or removed).</summary>
    public Portfolio? Portfolio { get; init; }

    /// <summary>+1 per applied change of the definition.</summary>
    public ulong Version { get; init; }
}

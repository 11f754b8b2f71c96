using FsCheck.Fluent;

namespace RiskGrains.Model.Tests;

/// <summary>Market ticks in arrival order.</summary>
public sealed record TickSequence(MarketState[] Ticks)
{
    public override string ToString() => string.Join("; ", Ticks.Select(t => t.ToString()));
}

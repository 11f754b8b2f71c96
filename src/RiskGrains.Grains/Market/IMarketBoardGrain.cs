using System.Collections.Immutable;

namespace RiskGrains.Grains;

/// <summary>
/// A silo's market board as other silos reach it (key: the silo's address, <see cref="MarketBoard.SiloKey"/>).
/// A silo that receives ticks for companies active elsewhere sends them here, one batch per destination
/// silo and message, instead of one grain call per company.
/// </summary>
public interface IMarketBoardGrain : IGrainWithStringKey
{
    /// <summary>
    /// Puts the ticks on this silo's board and answers, once every one is counted, with the counts and
    /// the positions (in <paramref name="ticks"/>) of those whose company is not active here: the sender
    /// sends those as grain calls.
    /// </summary>
    Task<BoardReceipt> Absorb(ImmutableArray<RoutedTick> ticks, string principal, string traceParent);
}

/// <summary>A tick on its way to the silo of its company: the company, the item's index in its feed, the tick.</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.RoutedTick")]
public readonly record struct RoutedTick(
    [property: Id(0)] string CompanyId,
    [property: Id(1)] ulong Index,
    [property: Id(2)] MarketTick Tick);

/// <summary>What became of a batch of <see cref="RoutedTick"/>s.</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.BoardReceipt")]
public sealed record BoardReceipt(
    [property: Id(0)] long Applied,
    [property: Id(1)] long Conflated,
    [property: Id(2)] long Ignored,
    [property: Id(3)] ImmutableArray<TickRejection> Rejections,
    [property: Id(4)] ImmutableArray<int> NotHere);

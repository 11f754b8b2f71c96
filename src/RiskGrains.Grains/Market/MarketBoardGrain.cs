using System.Collections.Immutable;
using System.Diagnostics;
using Orleans.Concurrency;

namespace RiskGrains.Grains;

/// <summary>
/// The entry of a silo's <see cref="MarketBoard"/> for the other silos. Reentrant: a batch waits for its
/// ticks' turns while the next batches are taken.
/// </summary>
[Reentrant, OwnSiloPlacement]
public sealed class MarketBoardGrain(MarketBoard board) : Grain, IMarketBoardGrain
{
    public async Task<BoardReceipt> Absorb(ImmutableArray<RoutedTick> ticks, string principal, string traceParent)
    {
        // Placed elsewhere than the silo its key names (that silo is gone): it hosts nothing.
        if (this.GetPrimaryKeyString() != board.SiloKey)
        {
            return new BoardReceipt(0, 0, 0, [], [.. Enumerable.Range(0, ticks.Length)]);
        }

        var feed = new TickFeed(principal);
        var trace = ActivityContext.TryParse(traceParent, traceState: null, isRemote: true, out var context) ? context : default;
        var batch = new TickBatch(feed, trace);
        var notHere = ImmutableArray.CreateBuilder<int>();
        for (var i = 0; i < ticks.Length; i++)
        {
            var (companyId, index, tick) = ticks[i];
            if (!board.TryAbsorb(companyId, index, tick, batch))
            {
                notHere.Add(i);
            }
        }

        await feed.Drained();
        return new BoardReceipt(feed.AppliedCount, feed.ConflatedCount, feed.IgnoredCount, [.. feed.Rejections], notHere.ToImmutable());
    }
}

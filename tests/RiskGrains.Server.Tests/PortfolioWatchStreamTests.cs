using RiskGrains.Grains;
using RiskGrains.Server.Watch;
using Model = RiskGrains.Model;

namespace RiskGrains.Server.Tests;

/// <summary>A WatchPortfolio stream's queue: one slot, the newest figures, never older ones after newer.</summary>
public sealed class PortfolioWatchStreamTests
{
    private static readonly Guid Epoch = Guid.NewGuid();
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_reader_that_was_away_gets_only_the_newest_figures()
    {
        var stream = new PortfolioWatchStream("book");
        for (ulong revision = 1; revision <= 50; revision++)
        {
            stream.Offer(Figures(Epoch, revision, Start.AddSeconds(revision)));
        }

        stream.Complete();
        var read = await Read(stream);

        Assert.Equal([50UL], read.Select(s => s.Revision));
    }

    [Fact]
    public async Task Figures_already_offered_or_older_are_not_offered_again()
    {
        var stream = new PortfolioWatchStream("book");
        stream.Offer(Figures(Epoch, 7, Start));
        var first = await Next(stream);

        stream.Offer(Figures(Epoch, 7, Start));
        stream.Offer(Figures(Epoch, 6, Start.AddSeconds(1)));
        stream.Offer(Figures(Guid.NewGuid(), 1, Start.AddSeconds(-1)));
        stream.Complete(removed: true);
        var rest = await Read(stream);

        Assert.Equal(7UL, first.Revision);
        Assert.Empty(rest);
        Assert.True(stream.Removed);
    }

    [Fact]
    public async Task A_new_activations_figures_composed_later_are_offered_whatever_their_revision()
    {
        var stream = new PortfolioWatchStream("book");
        stream.Offer(Figures(Epoch, 40, Start));
        await Next(stream);
        var moved = Guid.NewGuid();

        stream.Offer(Figures(moved, 1, Start.AddSeconds(5)));
        stream.Complete();

        Assert.Equal([(moved, 1UL)], (await Read(stream)).Select(s => (s.Epoch, s.Revision)));
    }

    private static PortfolioSnapshot Figures(Guid epoch, ulong revision, DateTimeOffset asOf) =>
        new("book", 1, "Book", "USD", asOf, new Model.PortfolioRisk("book", 0, 0, null, 0, 0, null, [], null, null, []), epoch, revision);

    private static async Task<PortfolioSnapshot> Next(PortfolioWatchStream stream)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var reader = stream.ReadAllAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await reader.MoveNextAsync());
        return reader.Current;
    }

    private static async Task<List<PortfolioSnapshot>> Read(PortfolioWatchStream stream)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = new List<PortfolioSnapshot>();
        await foreach (var snapshot in stream.ReadAllAsync(cancel.Token))
        {
            read.Add(snapshot);
        }

        return read;
    }
}

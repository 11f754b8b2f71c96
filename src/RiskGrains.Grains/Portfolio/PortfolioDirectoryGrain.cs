using System.Collections.Immutable;

namespace RiskGrains.Grains;

/// <summary>
/// The list of portfolios: one stored record of every row, in id order. Portfolios are made by
/// people, not by feeds: tens to thousands of rows, each written only when a portfolio is created,
/// changed or removed, so a single record costs little (the company directory, with a row per
/// company and a band per tick, keeps a store of rows instead).
/// </summary>
public sealed class PortfolioDirectoryGrain(
    [PersistentState("portfolio-directory", StorageNames.Companies)] IPersistentState<PortfolioDirectoryState> state) : Grain, IPortfolioDirectoryGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Read back from JSON, the rows come with the default comparer; pages are in ordinal order.
        state.State = state.State with { Portfolios = state.State.Portfolios.WithComparers(StringComparer.Ordinal) };
        return Task.CompletedTask;
    }

    public async Task Register(PortfolioListing listing)
    {
        var rows = state.State.Portfolios;
        if (rows.TryGetValue(listing.PortfolioId, out var known) && known == listing)
        {
            return;
        }

        await Store(rows.SetItem(listing.PortfolioId, listing));
    }

    public async Task Remove(string portfolioId)
    {
        var rows = state.State.Portfolios;
        if (rows.ContainsKey(portfolioId))
        {
            await Store(rows.Remove(portfolioId));
        }
    }

    public Task<PortfolioPage> List(string? after, int pageSize)
    {
        var (rows, nextAfter) = KeysetPage.Take(state.State.Portfolios, after, pageSize);
        return Task.FromResult(new PortfolioPage(rows, nextAfter));
    }

    // Stored, then kept: a write the store refuses leaves the rows as they were.
    private async Task Store(ImmutableSortedDictionary<string, PortfolioListing> rows)
    {
        var previous = state.State;
        state.State = previous with { Portfolios = rows };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }
}

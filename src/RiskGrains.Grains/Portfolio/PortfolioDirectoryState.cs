using System.Collections.Immutable;

namespace RiskGrains.Grains;

/// <summary>What the portfolio directory stores: every portfolio's row, by id.</summary>
public sealed record PortfolioDirectoryState
{
    public ImmutableSortedDictionary<string, PortfolioListing> Portfolios { get; init; } =
        ImmutableSortedDictionary.Create<string, PortfolioListing>(StringComparer.Ordinal);
}

using Orleans.Concurrency;

namespace RiskGrains.Grains;

/// <summary>The list of portfolios, in id order, for ListPortfolios.</summary>
public interface IPortfolioDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or replaces a portfolio's row; stored before it returns. An identical row writes nothing.</summary>
    Task Register(PortfolioListing listing);

    /// <summary>Drops a portfolio's row, if there is one; stored before it returns.</summary>
    Task Remove(string portfolioId);

    [AlwaysInterleave]
    Task<PortfolioPage> List(string? after, int pageSize);
}

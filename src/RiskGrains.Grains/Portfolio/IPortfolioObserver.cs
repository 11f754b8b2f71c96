using Orleans.Concurrency;

namespace RiskGrains.Grains;

/// <summary>Receives a portfolio's new figures; one per silo that has watchers of the portfolio.</summary>
public interface IPortfolioObserver : IGrainObserver
{
    [OneWay]
    Task OnPortfolioChanged(PortfolioSnapshot snapshot);

    /// <summary>The portfolio was removed: its watches end.</summary>
    [OneWay]
    Task OnPortfolioRemoved(string portfolioId);
}

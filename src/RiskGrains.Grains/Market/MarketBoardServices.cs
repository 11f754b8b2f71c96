using Microsoft.Extensions.DependencyInjection;

namespace RiskGrains.Grains;

public static class MarketBoardServices
{
    /// <summary>What a silo needs for ticks: its <see cref="MarketBoard"/>, and the placement of the <see cref="IMarketBoardGrain"/> beside it.</summary>
    public static IServiceCollection AddMarketBoard(this IServiceCollection services)
    {
        services.AddSingleton<MarketBoard>();
        services.AddPlacementDirector<OwnSiloPlacement, OwnSiloPlacementDirector>();
        return services;
    }
}

using Orleans.Concurrency;

namespace RiskGrains.Grains;

/// <summary>Receives a company's new snapshots; one per silo that has watchers of the company.</summary>
public interface IRiskObserver : IGrainObserver
{
    [OneWay]
    Task OnRiskChanged(RiskSnapshot snapshot);
}

using Orleans.Concurrency;

namespace RiskGrains.Grains;

/// <summary>
/// A company as the dependent of its counterparties (docs/risk-model.md §6). A counterparty's move is
/// not recomputed at once: the company sends itself this call, which queues behind the updates already
/// waiting, so a burst of them (a cascade reaching it by several paths) costs one recompute.
/// </summary>
public interface IDependentCompany : IGrainWithStringKey
{
    [OneWay]
    Task CounterpartiesMoved(string traceId);
}

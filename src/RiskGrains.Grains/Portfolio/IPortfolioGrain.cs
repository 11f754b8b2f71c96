using Orleans.Concurrency;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// One portfolio (docs/risk-model.md §7): its stored definition, and its figures kept up to date by
/// observing its members as a watch stream does (the grain is an <see cref="IRiskObserver"/> of each).
/// </summary>
public interface IPortfolioGrain : IGrainWithStringKey
{
    /// <summary>Creates the portfolio or replaces its definition; stored before it returns. An identical definition is ignored.</summary>
    Task<WriteResult> Upsert(Portfolio portfolio);

    /// <summary>Deletes the portfolio; the version it had, or null when it does not exist.</summary>
    Task<ulong?> Remove();

    /// <summary>The current figures, or null when the portfolio does not exist.</summary>
    [AlwaysInterleave]
    Task<PortfolioSnapshot?> GetRisk();

    /// <summary>The current figures and the definition, for scenarios; null when the portfolio does not exist.</summary>
    [AlwaysInterleave]
    Task<PortfolioScenarioBasis?> GetScenarioBasis();

    /// <summary>Registers (or refreshes) a silo's observer and returns the current figures; null (and nothing registered) when the portfolio does not exist.</summary>
    Task<PortfolioSnapshot?> Subscribe(IPortfolioObserver observer);

    Task Unsubscribe(IPortfolioObserver observer);
}

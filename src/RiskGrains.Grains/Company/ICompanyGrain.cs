using System.Collections.Immutable;
using Orleans.Concurrency;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>One company: its rolling window, commitment book, market state and risk.</summary>
public interface ICompanyGrain : IGrainWithStringKey
{
    Task<WriteResult> UpsertProfile(CompanyProfile profile);

    Task<WriteResult> ReportFinancials(ImmutableArray<FinancialPeriod> periods);

    Task<WriteResult> UpsertCommitment(Commitment commitment);

    Task<WriteResult> RemoveCommitment(string commitmentId);

    Task<WriteResult> PublishMarketData(MarketTick tick);

    /// <summary>Replaces the revenue dependencies (docs/risk-model.md §6), validated before; the same list again changes nothing.</summary>
    Task<WriteResult> SetRevenueDependencies(ImmutableArray<RevenueDependency> dependencies);

    /// <summary>The current snapshot, or null when the company does not exist.</summary>
    [AlwaysInterleave]
    Task<RiskSnapshot?> GetRisk();

    /// <summary>The live inputs, for scenarios and diagnostics; null when the company does not exist.</summary>
    [AlwaysInterleave]
    Task<CompanyInputs?> GetInputs();

    /// <summary>The snapshot and the inputs it was computed from, read in one turn so they agree; null when the company does not exist.</summary>
    [AlwaysInterleave]
    Task<ScenarioBasis?> GetScenarioBasis();

    /// <summary>
    /// Registers (or refreshes) an observer (a silo's watch hub, a portfolio, a dependent company) and
    /// returns the current snapshot in the same turn. Interleaved: two companies that depend on each
    /// other subscribe to each other without waiting on one another.
    /// </summary>
    [AlwaysInterleave]
    Task<RiskSnapshot?> Subscribe(IRiskObserver observer);

    [AlwaysInterleave]
    Task Unsubscribe(IRiskObserver observer);
}

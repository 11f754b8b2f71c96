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

    /// <summary>The current snapshot, or null when the company does not exist.</summary>
    [AlwaysInterleave]
    Task<RiskSnapshot?> GetRisk();

    /// <summary>The live inputs, for scenarios and diagnostics; null when the company does not exist.</summary>
    [AlwaysInterleave]
    Task<CompanyInputs?> GetInputs();

    /// <summary>The snapshot and the inputs it was computed from, read in one turn so they agree; null when the company does not exist.</summary>
    [AlwaysInterleave]
    Task<ScenarioBasis?> GetScenarioBasis();

    /// <summary>Registers (or refreshes) a silo's observer and returns the current snapshot in the same turn.</summary>
    Task<RiskSnapshot?> Subscribe(IRiskObserver observer);

    Task Unsubscribe(IRiskObserver observer);
}

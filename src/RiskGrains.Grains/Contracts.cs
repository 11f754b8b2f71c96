using System.Collections.Immutable;
using Orleans.Concurrency;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>Which kind of write produced a version.</summary>
public enum ChangeCause
{
    Snapshot = 1,
    Profile = 2,
    Financials = 3,
    Restatement = 4,
    Commitment = 5,
    Market = 6,
    Contagion = 7,
}

/// <summary>A company's risk at one version: what GetRisk returns and WatchRisk streams.</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.RiskSnapshot")]
public sealed record RiskSnapshot(
    [property: Id(0)] string CompanyId,
    [property: Id(1)] ulong Version,
    [property: Id(2)] DateTimeOffset AsOf,
    [property: Id(3)] CompanyProfile Profile,
    [property: Id(4)] RiskAssessment Assessment,
    [property: Id(5)] ChangeCause Cause,
    [property: Id(6)] string TraceId,
    [property: Id(7)] DateTimeOffset? MarketAsOf,
    [property: Id(8)] string Silo);

/// <summary>What a write did: applied (new version) or ignored as stale or duplicate (version unchanged).</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.WriteResult")]
public readonly record struct WriteResult(
    [property: Id(0)] ulong Version,
    [property: Id(1)] bool Applied);

/// <summary>One market tick as it travels to a grain; kept small and immutable so it is never copied.</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.MarketTick")]
public readonly record struct MarketTick(
    [property: Id(0)] double MarketCap,
    [property: Id(1)] double EquityVolatility,
    [property: Id(2)] double RiskFreeRate,
    [property: Id(3)] double? EquityReturn1Y,
    [property: Id(4)] DateTimeOffset AsOf)
{
    public MarketState ToMarketState() => new(MarketCap, EquityVolatility, RiskFreeRate, EquityReturn1Y, AsOf);

    public static MarketTick From(MarketState market) =>
        new(market.MarketCap, market.EquityVolatility, market.RiskFreeRate, market.EquityReturn1Y, market.AsOf);
}

/// <summary>Thrown by a write to a company that has no profile yet.</summary>
[GenerateSerializer, Alias("riskgrains.UnknownCompanyException")]
public sealed class UnknownCompanyException(string companyId)
    : Exception($"company '{companyId}' is unknown: create it with UpsertCompany first")
{
    [Id(0)]
    public string CompanyId { get; } = companyId;
}

/// <summary>Receives a company's new snapshots; one per silo that has watchers of the company.</summary>
public interface IRiskObserver : IGrainObserver
{
    [OneWay]
    Task OnRiskChanged(RiskSnapshot snapshot);
}

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

/// <summary>A company's live snapshot with the inputs behind it: what a scenario starts from.</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.ScenarioBasis")]
public sealed record ScenarioBasis(
    [property: Id(0)] RiskSnapshot Snapshot,
    [property: Id(1)] CompanyInputs Inputs,
    [property: Id(2)] ModelParameters Parameters);

/// <summary>One row of the company directory.</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.CompanyListing")]
public sealed record CompanyListing(
    [property: Id(0)] string CompanyId,
    [property: Id(1)] string Name,
    [property: Id(2)] Band? Band);

/// <summary>One page of the directory.</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.CompanyPage")]
public sealed record CompanyPage(
    [property: Id(0)] ImmutableArray<CompanyListing> Companies,
    [property: Id(1)] string? NextAfter);

/// <summary>The list of companies the service follows, with each one's latest band.</summary>
public interface ICompanyDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Interleaves, so that registrations arriving together are stored by one write.</summary>
    [AlwaysInterleave]
    Task Register(CompanyListing listing);

    [OneWay]
    Task ReportBand(string companyId, Band? band);

    [AlwaysInterleave]
    Task<CompanyPage> List(string? after, int pageSize, Band? band);

    [AlwaysInterleave]
    Task<int> Count();

    Task<bool> IsSampleDataLoaded();

    Task MarkSampleDataLoaded();
}

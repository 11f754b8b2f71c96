using System.Collections.Immutable;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>What a company grain persists: everything the model reads, and the version.</summary>
public sealed record CompanyState
{
    public CompanyProfile? Profile { get; init; }
    public ImmutableArray<FinancialPeriod> Periods { get; init; } = [];

    /// <summary>The commitment book, sorted by commitment id.</summary>
    public ImmutableArray<Commitment> Commitments { get; init; } = [];

    /// <summary>docs/risk-model.md §6: the revenue dependencies, sorted by counterparty id.</summary>
    public ImmutableArray<RevenueDependency> Dependencies { get; init; } = [];

    public MarketState? Market { get; init; }
    public ulong Version { get; init; }

    /// <summary>
    /// The reserved ceiling: ticks are saved in the background, so the stored Version can lag what
    /// clients saw; after a crash the company resumes from here and versions never go back (see <see cref="VersionClock"/>).
    /// </summary>
    public ulong VersionCeiling { get; init; }

    /// <summary>The record a fundamentals write stores: the fundamentals with the live market state and the version stamp.</summary>
    public static CompanyState Of(CompanyFundamentals fundamentals, MarketState? market, VersionStamp stamp) => new()
    {
        Profile = fundamentals.Profile,
        Periods = fundamentals.Periods,
        Commitments = fundamentals.Commitments,
        Dependencies = fundamentals.Dependencies,
        Market = market,
        Version = stamp.Version,
        VersionCeiling = stamp.Ceiling,
    };
}

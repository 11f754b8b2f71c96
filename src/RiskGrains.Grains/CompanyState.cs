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
        Market = market,
        Version = stamp.Version,
        VersionCeiling = stamp.Ceiling,
    };
}

/// <summary>
/// The live part, saved on its own every few seconds and at each version reservation: a few
/// hundred bytes, where rewriting the whole company would cost its periods and commitments each time.
/// </summary>
public sealed record MarketRecord
{
    public MarketState? Market { get; init; }
    public ulong Version { get; init; }
    public ulong VersionCeiling { get; init; }
}

/// <summary>Settings of the company grain (configuration section <c>RiskGrains</c>).</summary>
public sealed class CompanyGrainOptions
{
    /// <summary>docs/risk-model.md §1: the window keeps the newest records.</summary>
    public int WindowQuarters { get; set; } = 8;

    /// <summary>The newest market state is saved at most this old; ticks are not written one by one.</summary>
    public TimeSpan MarketStateSaveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Versions reserved by one storage write on the tick path (see <see cref="CompanyState.VersionCeiling"/>).</summary>
    public ulong VersionReserveBlock { get; set; } = 1024;

    /// <summary>A silo observer not refreshed within this time is dropped (its silo is presumed gone).</summary>
    public TimeSpan ObserverExpiry { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>The model parameters these options give; one instance shared by every grain.</summary>
    public ModelParameters ModelParameters =>
        _parameters is { } cached && cached.WindowQuarters == WindowQuarters
            ? cached
            : _parameters = RiskGrains.Model.ModelParameters.Default with { WindowQuarters = WindowQuarters };

    private ModelParameters? _parameters;
}

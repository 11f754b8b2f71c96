using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>Settings of the company grain (configuration section <c>RiskGrains</c>).</summary>
public sealed class CompanyGrainOptions
{
    /// <summary>The default of <c>RiskGrains:Limits:MaxCommitmentsPerCompany</c>.</summary>
    public const int DefaultMaxCommitments = 200;

    /// <summary>The default of <c>RiskGrains:Limits:MaxClockSkew</c>.</summary>
    public static readonly TimeSpan DefaultMaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>docs/risk-model.md §1: the window keeps the newest records.</summary>
    public int WindowQuarters { get; set; } = 8;

    /// <summary>The newest market state is saved at most this old; ticks are not written one by one.</summary>
    public TimeSpan MarketStateSaveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Versions reserved by one storage write on the tick path (see <see cref="CompanyState.VersionCeiling"/>).</summary>
    public ulong VersionReserveBlock { get; set; } = 1024;

    /// <summary>
    /// docs/risk-model.md §5: the horizons of the PD term structure in years, ascending (unset: 1, 2,
    /// 3, 5, 7, 10). Null by default, since configuration adds its items to a list it binds.
    /// </summary>
    public double[]? PdHorizonsYears { get; set; }

    /// <summary>
    /// <c>RiskGrains:Limits:MaxCommitmentsPerCompany</c>: a write that would grow a book past it is refused,
    /// since every write stores the whole book. The host sets it and <see cref="MaxClockSkew"/> from its
    /// limits (<see cref="Limit"/>); being read-only here, they are no keys of the <c>RiskGrains</c> section.
    /// </summary>
    public int MaxCommitments { get; private set; } = DefaultMaxCommitments;

    /// <summary><c>RiskGrains:Limits:MaxClockSkew</c>: a stored market state further ahead is dropped at activation.</summary>
    public TimeSpan MaxClockSkew { get; private set; } = DefaultMaxClockSkew;

    public void Limit(int maxCommitments, TimeSpan maxClockSkew) => (MaxCommitments, MaxClockSkew) = (maxCommitments, maxClockSkew);

    /// <summary>The model parameters these options give; one instance shared by every grain.</summary>
    public ModelParameters ModelParameters =>
        _parameters is { } cached && cached.WindowQuarters == WindowQuarters && cached.PdHorizonsYears.SequenceEqual(Horizons)
            ? cached
            : _parameters = RiskGrains.Model.ModelParameters.Default with { WindowQuarters = WindowQuarters, PdHorizonsYears = [.. Horizons] };

    private IEnumerable<double> Horizons => PdHorizonsYears ?? (IEnumerable<double>)PdTermStructure.DefaultHorizons;

    private ModelParameters? _parameters;

    /// <summary>Every setting that is out of range, named by its configuration key.</summary>
    public IEnumerable<string> Problems()
    {
        if (WindowQuarters is < 1 or > 40)
        {
            yield return "RiskGrains:WindowQuarters must be between 1 and 40";
        }

        if (MarketStateSaveInterval < TimeSpan.FromMilliseconds(100) || MarketStateSaveInterval > TimeSpan.FromHours(1))
        {
            yield return "RiskGrains:MarketStateSaveInterval must be between 00:00:00.1 and 01:00:00 (a bare number is read as days)";
        }

        if (PdHorizonsYears is { } horizons
            && (horizons.Length is 0 or > 20 || horizons.Any(y => !(y is > 0 and <= 50)) || horizons.Zip(horizons.Skip(1)).Any(p => p.First >= p.Second)))
        {
            yield return "RiskGrains:PdHorizonsYears must list 1 to 20 horizons in years, ascending, each above 0 and at most 50";
        }

        if (VersionReserveBlock < 2)
        {
            yield return "RiskGrains:VersionReserveBlock must be at least 2";
        }
    }
}

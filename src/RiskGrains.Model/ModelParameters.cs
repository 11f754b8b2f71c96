using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>Model settings and scenario levers (docs/risk-model.md §2.1, §2.2, §4); defaults are the base case.</summary>
public sealed record ModelParameters
{
    public static ModelParameters Default { get; } = new();

    public int WindowQuarters { get; init; } = 8;
    public double OcfHaircut { get; init; }
    public double EbitdaHaircut { get; init; }
    public bool CreditWindowClosed { get; init; }

    /// <summary>docs/risk-model.md §5: the horizons of the PD term structure, in years, ascending.</summary>
    public ImmutableArray<double> PdHorizonsYears { get; init; } = PdTermStructure.DefaultHorizons;
}

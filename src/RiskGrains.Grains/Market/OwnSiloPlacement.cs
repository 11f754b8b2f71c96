using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace RiskGrains.Grains;

/// <summary>
/// Places a grain on the silo its key names (<see cref="SiloAddress.ToParsableString"/>): a silo's
/// <see cref="IMarketBoardGrain"/> lives beside the board it feeds. A key naming a silo that is not
/// (or no longer) in the cluster places the grain where it is called, and it answers that it hosts nothing.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("riskgrains.OwnSiloPlacement")]
public sealed class OwnSiloPlacement : PlacementStrategy
{
    internal static OwnSiloPlacement Instance { get; } = new();
}

/// <summary>Marks a grain placed by <see cref="OwnSiloPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class OwnSiloPlacementAttribute() : PlacementAttribute(OwnSiloPlacement.Instance);

internal sealed class OwnSiloPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        var named = context.GetCompatibleSilos(target).FirstOrDefault(silo => silo.ToParsableString() == key);
        return Task.FromResult(named ?? context.LocalSilo);
    }
}

namespace RiskGrains.Grains.Tests;

internal static class Deactivation
{
    /// <summary>Collects every idle activation until <paramref name="grain"/> has none, so its next call reads storage.</summary>
    public static async Task Of(IGrainFactory grains, IAddressable grain)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var id = grain.GetGrainId();
        var gone = await Eventually.True(
            async () =>
            {
                await management.ForceActivationCollection(TimeSpan.Zero);

                // The silos' own catalogs; GetActivationAddress answers from a cache and can report a collected activation.
                var activations = await management.GetDetailedGrainStatistics();
                return !activations.Any(a => a.GrainId == id);
            },
            interval: TimeSpan.FromMilliseconds(100));
        if (!gone)
        {
            throw new TimeoutException($"{id} was never deactivated");
        }
    }
}

namespace RiskGrains.Grains.Tests;

internal static class Deactivation
{
    /// <summary>Collects every idle activation until <paramref name="grain"/> has none, so its next call reads storage.</summary>
    public static async Task Of(IGrainFactory grains, IAddressable grain)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var id = grain.GetGrainId();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await management.ForceActivationCollection(TimeSpan.Zero);

            // The silos' own catalogs; GetActivationAddress answers from a cache and can report a collected activation.
            var activations = await management.GetDetailedGrainStatistics();
            if (!activations.Any(a => a.GrainId == id))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{id} was never deactivated");
    }
}

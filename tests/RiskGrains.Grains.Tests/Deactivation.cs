namespace RiskGrains.Grains.Tests;

internal static class Deactivation
{
    /// <summary>Collects every idle activation until <paramref name="grain"/> has none, so its next call reads storage.</summary>
    public static async Task Of(IGrainFactory grains, IAddressable grain)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
            if (await management.GetActivationAddress(grain) is null)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{grain.GetGrainId()} was never deactivated");
    }
}

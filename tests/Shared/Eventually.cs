namespace RiskGrains.Testing;

/// <summary>
/// Polling for what gives the test nothing to await: one-way calls, timers, background saves,
/// another process. Each method returns at the deadline instead of throwing, so the test's own
/// assertion afterwards says what was wrong.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Probes until the value satisfies <paramref name="condition"/>; returns the last value probed.</summary>
    public static async Task<T> Returns<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan? timeout = null, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await probe();
            if (condition(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(interval ?? DefaultInterval);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; false if it did not before the deadline.</summary>
    public static Task<bool> True(Func<Task<bool>> condition, TimeSpan? timeout = null, TimeSpan? interval = null) =>
        Returns(condition, static held => held, timeout, interval);

    /// <inheritdoc cref="True(Func{Task{bool}}, TimeSpan?, TimeSpan?)"/>
    public static Task<bool> True(Func<bool> condition, TimeSpan? timeout = null, TimeSpan? interval = null) =>
        True(() => Task.FromResult(condition()), timeout, interval);
}

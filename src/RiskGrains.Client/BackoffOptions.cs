namespace RiskGrains.Client;

/// <summary>
/// Exponential backoff with jitter: the n-th consecutive failure waits
/// <c>min(<see cref="InitialDelay"/> × <see cref="Multiplier"/>^(n-1), <see cref="MaxDelay"/>)</c>, shortened by a random
/// share of up to <see cref="Jitter"/>, so that many clients that lost the same server do not all return at once.
/// </summary>
public sealed class BackoffOptions
{
    /// <summary>
    /// Attempts in all before the last failure is thrown: for a call, the first attempt and its retries; for a watch,
    /// consecutive failed connections (a connection that delivered a message, or stayed open for <see cref="MaxDelay"/>,
    /// starts the count again). <see langword="null"/> means no bound; 1 means no retry.
    /// </summary>
    public int? MaxAttempts { get; set; }

    /// <summary>The wait after the first failure, before jitter. Default 200 ms.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two attempts, before jitter. Default 5 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How much each further failure multiplies the wait; at least 1. Default 2.</summary>
    public double Multiplier { get; set; } = 2;

    /// <summary>
    /// The largest share of a wait taken off at random, 0 (none) to 1 (anything from no wait to the full one).
    /// Default 0.5: each wait is between half and all of its computed value.
    /// </summary>
    public double Jitter { get; set; } = 0.5;

    internal IEnumerable<string> Problems(string name)
    {
        if (MaxAttempts is < 1)
        {
            yield return $"{name}.MaxAttempts must be at least 1, or null for no bound";
        }

        if (InitialDelay < TimeSpan.Zero)
        {
            yield return $"{name}.InitialDelay must not be negative";
        }

        if (MaxDelay < InitialDelay)
        {
            yield return $"{name}.MaxDelay must be at least {name}.InitialDelay";
        }

        if (!(Multiplier >= 1) || double.IsInfinity(Multiplier))
        {
            yield return $"{name}.Multiplier must be a number of at least 1";
        }

        if (!(Jitter is >= 0 and <= 1))
        {
            yield return $"{name}.Jitter must be between 0 and 1";
        }
    }

    /// <summary>The wait after the <paramref name="failures"/>-th consecutive failure (1 for the first).</summary>
    internal TimeSpan Delay(int failures, double random)
    {
        var exponent = Math.Max(0, failures - 1);
        var full = Math.Min(InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, exponent), MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(full * (1 - (Jitter * random)));
    }

    internal BackoffOptions Copy() => (BackoffOptions)MemberwiseClone();
}

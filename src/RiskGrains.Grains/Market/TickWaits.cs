namespace RiskGrains.Grains;

/// <summary>
/// How long companies' scores lag their ticks on a silo: for each turn of a company on the
/// <see cref="MarketBoard"/>, the time from the moment its slot received the first tick not yet applied
/// to the moment its grain took the newest, i.e. the age of the oldest tick the score did not reflect.
/// Counted in 50 µs buckets up to 2 s (longer waits count in the last), without locks or allocation.
/// </summary>
public sealed class TickWaits
{
    private const long BucketMicros = 50;
    private const int Buckets = 40_000;
    private readonly long[] _counts = new long[Buckets];
    private long _maxMicros;

    internal void Record(long micros)
    {
        Interlocked.Increment(ref _counts[Math.Min(micros / BucketMicros, Buckets - 1)]);
        var max = Interlocked.Read(ref _maxMicros);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxMicros, micros, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The waits recorded since the last reset: count, percentiles (ms, the upper bound of their bucket) and the longest.</summary>
    public TickWaitSummary Summary(bool reset)
    {
        var counts = new long[Buckets];
        for (var i = 0; i < Buckets; i++)
        {
            counts[i] = reset ? Interlocked.Exchange(ref _counts[i], 0) : Interlocked.Read(ref _counts[i]);
        }

        var maxMs = (reset ? Interlocked.Exchange(ref _maxMicros, 0) : Interlocked.Read(ref _maxMicros)) / 1_000.0;
        var total = counts.Sum();
        double Percentile(double p)
        {
            var rank = (long)Math.Ceiling(total * p / 100);
            long seen = 0;
            for (var i = 0; i < Buckets; i++)
            {
                seen += counts[i];
                if (seen >= rank)
                {
                    return Math.Min((i + 1) * BucketMicros / 1_000.0, maxMs);
                }
            }

            return maxMs;
        }

        return total == 0 ? new TickWaitSummary(0, 0, 0, 0, 0) : new TickWaitSummary(total, Percentile(50), Percentile(90), Percentile(99), maxMs);
    }
}

/// <summary>A summary of <see cref="TickWaits"/>, in milliseconds.</summary>
public readonly record struct TickWaitSummary(long Count, double P50Ms, double P90Ms, double P99Ms, double MaxMs);

using System.Numerics;

namespace RiskGrains.LoadTest;

/// <summary>
/// A fixed-bucket latency histogram in microseconds, in the manner of HdrHistogram: exact below
/// 2,048 µs, then 1,024 buckets per power of two (relative error under 0.1 %), up to 2^36 µs
/// (19 hours). Recording is lock-free and allocation-free; the maximum is kept exactly.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBuckets = 1024;
    private const int LinearLimit = 2 * SubBuckets;
    private const int MaxLog2 = 36;
    private const long MaxMicros = (1L << MaxLog2) - 1;

    private readonly long[] _counts = new long[LinearLimit + ((MaxLog2 - 11) * SubBuckets)];
    private long _total;
    private long _max;
    private long _sum;
    private long _negative;

    public long Count => Interlocked.Read(ref _total);

    /// <summary>Samples below zero (arrival before as_of: clock trouble), recorded as 0.</summary>
    public long Negative => Interlocked.Read(ref _negative);

    public double MaxMs => Interlocked.Read(ref _max) / 1000.0;

    public double MeanMs => Count == 0 ? 0 : Interlocked.Read(ref _sum) / (double)Count / 1000.0;

    public void Record(long micros)
    {
        if (micros < 0)
        {
            Interlocked.Increment(ref _negative);
            micros = 0;
        }

        micros = Math.Min(micros, MaxMicros);
        Interlocked.Increment(ref _counts[Index(micros)]);
        Interlocked.Increment(ref _total);
        Interlocked.Add(ref _sum, micros);
        var max = Interlocked.Read(ref _max);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, micros, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The value (ms) at or below which <paramref name="percent"/> % of the samples lie; null when empty.</summary>
    public double? PercentileMs(double percent)
    {
        var total = Count;
        if (total == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percent / 100.0 * total));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                // The bucket's midpoint, never above the exact maximum.
                var mid = (LowerBound(i) + LowerBound(i + 1) - 1) / 2.0;
                return Math.Min(mid, Interlocked.Read(ref _max)) / 1000.0;
            }
        }

        return MaxMs;
    }

    private static int Index(long micros)
    {
        if (micros < LinearLimit)
        {
            return (int)micros;
        }

        var log2 = 63 - BitOperations.LeadingZeroCount((ulong)micros); // >= 11
        var shift = log2 - 10; // micros >> shift lies in [1024, 2048)
        return LinearLimit + ((shift - 1) * SubBuckets) + (int)((micros >> shift) - SubBuckets);
    }

    private static long LowerBound(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var k = index - LinearLimit;
        var shift = (k / SubBuckets) + 1;
        return (long)((k % SubBuckets) + SubBuckets) << shift;
    }
}

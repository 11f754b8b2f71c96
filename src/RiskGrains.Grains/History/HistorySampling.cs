namespace RiskGrains.Grains;

/// <summary>
/// Downsampling of a company's history to a number of points (docs/api.md, GetHistory): the range is cut
/// into that many evenly spaced buckets, and each bucket that holds points gives its last one.
/// </summary>
public static class HistorySampling
{
    /// <summary>
    /// At most <paramref name="maxPoints"/> of <paramref name="points"/> (ordered by version, all within
    /// [<paramref name="start"/>, <paramref name="end"/>)), oldest first: all of them when they fit.
    /// </summary>
    public static IReadOnlyList<HistoryPoint> Downsample(IReadOnlyList<HistoryPoint> points, DateTimeOffset start, DateTimeOffset end, int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        if (points.Count <= maxPoints)
        {
            return points;
        }

        var span = Math.Max(1, (end - start).Ticks);
        var last = new HistoryPoint?[maxPoints];
        foreach (var point in points)
        {
            // Int128: a range of ten thousand years in ticks times the bucket count overflows a long.
            var offset = Math.Clamp((point.Time - start).Ticks, 0, span - 1);
            var bucket = (int)((Int128)offset * maxPoints / span);

            // Later versions come later in the list: the last one seen is the bucket's last point.
            last[bucket] = point;
        }

        return [.. last.OfType<HistoryPoint>()];
    }

    /// <summary>The range to bucket when the request leaves an end open: from the first point, to now (or the last point, if later).</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Range(IReadOnlyList<HistoryPoint> points, DateTimeOffset? start, DateTimeOffset? end, DateTimeOffset now)
    {
        if (points.Count == 0)
        {
            return (start ?? now, end ?? now);
        }

        var first = points.Min(p => p.Time);
        var latest = points.Max(p => p.Time);
        return (start ?? first, end ?? (latest >= now ? latest.AddTicks(1) : now));
    }
}

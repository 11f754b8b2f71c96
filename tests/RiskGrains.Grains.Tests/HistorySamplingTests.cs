using RiskGrains.Model;

namespace RiskGrains.Grains.Tests;

/// <summary>Downsampling for GetHistory: evenly spaced buckets over the range, the last point of each.</summary>
public sealed class HistorySamplingTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static HistoryPoint At(ulong version, double minutes) =>
        new("CO", version, Start.AddMinutes(minutes), ChangeCause.Market, version, Band.Low, null, null, null, null, "");

    [Fact]
    public void Points_that_fit_are_all_returned()
    {
        HistoryPoint[] points = [At(1, 0), At(2, 0.1), At(3, 0.2)];

        Assert.Equal(points, HistorySampling.Downsample(points, Start, Start.AddMinutes(10), maxPoints: 3));
    }

    [Fact]
    public void More_points_than_asked_give_the_last_point_of_each_evenly_spaced_bucket()
    {
        // 0..60 minutes in 4 buckets of 15: [0,15) holds 1,2,3; [15,30) holds 4; [30,45) none; [45,60) holds 5,6.
        HistoryPoint[] points = [At(1, 0), At(2, 5), At(3, 14.9), At(4, 15), At(5, 45), At(6, 59.9)];

        var sampled = HistorySampling.Downsample(points, Start, Start.AddMinutes(60), maxPoints: 4);

        Assert.Equal([3UL, 4, 6], sampled.Select(p => p.Version));
    }

    [Fact]
    public void A_thousand_points_over_a_day_downsample_to_one_per_bucket_in_order()
    {
        var points = Enumerable.Range(0, 1_000).Select(i => At((ulong)i + 1, i * 1.44)).ToArray();

        var sampled = HistorySampling.Downsample(points, Start, Start.AddDays(1), maxPoints: 10);

        // Buckets of 144 minutes: the last point of bucket k is the 100th of it.
        Assert.Equal(Enumerable.Range(1, 10).Select(k => (ulong)(k * 100)), sampled.Select(p => p.Version));
    }

    [Fact]
    public void An_open_range_runs_from_the_first_point_to_now()
    {
        HistoryPoint[] points = [At(1, 10), At(2, 20)];
        var now = Start.AddMinutes(30);

        Assert.Equal((Start.AddMinutes(10), now), HistorySampling.Range(points, null, null, now));
        Assert.Equal((Start, Start.AddMinutes(25)), HistorySampling.Range(points, Start, Start.AddMinutes(25), now));
        Assert.Equal((Start.AddMinutes(10), Start.AddMinutes(20).AddTicks(1)), HistorySampling.Range(points, null, null, Start.AddMinutes(15)));
    }
}

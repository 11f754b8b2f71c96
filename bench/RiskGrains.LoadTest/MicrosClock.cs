using System.Diagnostics;

namespace RiskGrains.LoadTest;

/// <summary>
/// UTC in microseconds since the Unix epoch, read from one monotonic clock: tick as_of and
/// arrival times come from the same source, so a delay is never skewed by a wall-clock step.
/// </summary>
internal static class MicrosClock
{
    private static readonly long StartUnixMicros = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
    private static readonly long StartTimestamp = Stopwatch.GetTimestamp();

    public static long NowMicros() => StartUnixMicros + (long)(Stopwatch.GetElapsedTime(StartTimestamp).Ticks / 10);

    public static long ToMicros(Google.Protobuf.WellKnownTypes.Timestamp timestamp) =>
        (timestamp.Seconds * 1_000_000) + (timestamp.Nanos / 1_000);
}

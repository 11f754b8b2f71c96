using System.Globalization;

namespace RiskGrains.LoadTest;

/// <summary>
/// The machine's busy CPU time from /proc/stat, so a phase can report how much CPU neither the
/// generator nor the server used: other work on the machine that the figures competed with.
/// </summary>
internal static class MachineLoad
{
    // /proc/stat counts in USER_HZ, which the kernel ABI fixes at 100 on x86 and arm64.
    private const double TicksPerSecond = 100;

    /// <summary>user + nice + system + irq + softirq + steal of all CPUs since boot; null off Linux.</summary>
    public static TimeSpan? BusyCpu()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f[0] != "cpu" || f.Length < 9)
            {
                return null;
            }

            long Field(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
            var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
            return TimeSpan.FromSeconds(busy / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The 1-, 5- and 15-minute load averages.</summary>
    public static string? LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Busy CPU of the machine during a phase minus the generator's and the server's.</summary>
    public static TimeSpan? Others(TimeSpan? busyAtStart, TimeSpan generator, TimeSpan? server)
    {
        if (busyAtStart is not { } start || BusyCpu() is not { } end)
        {
            return null;
        }

        var others = end - start - generator - (server ?? TimeSpan.Zero);
        return others < TimeSpan.Zero ? TimeSpan.Zero : others;
    }
}

using System.Globalization;

namespace RiskGrains.Cli;

/// <summary>Durations as typed: <c>500ms</c>, <c>2s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>, or <c>hh:mm:ss</c>.</summary>
public static class Durations
{
    public static TimeSpan Parse(string text, string option)
    {
        var t = (text ?? "").Trim();
        (string Suffix, Func<double, TimeSpan> Make)[] units =
        [
            ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes),
            ("h", TimeSpan.FromHours), ("d", TimeSpan.FromDays),
        ];
        foreach (var (suffix, make) in units)
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(t[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                && double.IsFinite(n) && n > 0 && n < 1e9)
            {
                return make(n);
            }
        }

        if (TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        throw new UsageException($"{option} must be a positive duration such as 500ms, 2s, 15m, 2h or 00:00:02, not '{text}'");
    }
}

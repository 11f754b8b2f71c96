using System.Globalization;
using System.Text;
using RiskGrains.Contract.V1;

namespace RiskGrains.Cli.Commands;

/// <summary>
/// A company's recorded scores as a text chart: one column per point (oldest left), the score scale on the left,
/// the first and last times below. Plain characters, so it reads in any terminal and in a log.
/// </summary>
public static class HistoryChart
{
    /// <param name="width">The chart's width in characters: each point gets an equal share, at least one.</param>
    public static IReadOnlyList<string> Lines(IReadOnlyList<HistoryPoint> points, int height = 10, int width = 60)
    {
        ArgumentNullException.ThrowIfNull(points);
        var scored = points.Where(p => p.HasScore).ToList();
        if (scored.Count == 0)
        {
            return ["no scored points in the range"];
        }

        var min = scored.Min(p => p.Score);
        var max = scored.Max(p => p.Score);

        // A flat line still gets a scale: a point either side, within 0..100.
        var low = Math.Max(0, Math.Floor(min - (max - min < 2 ? 1 : 0)));
        var high = Math.Min(100, Math.Ceiling(max + (max - min < 2 ? 1 : 0)));
        if (high <= low)
        {
            high = low + 1;
        }

        var rows = new StringBuilder[height];
        for (var r = 0; r < height; r++)
        {
            rows[r] = new StringBuilder();
        }

        var columns = Math.Clamp(width / Math.Max(1, points.Count), 1, 8);
        foreach (var point in points)
        {
            var level = point.HasScore ? (int)Math.Round((point.Score - low) / (high - low) * (height - 1)) : -1;
            for (var r = 0; r < height; r++)
            {
                var rowLevel = height - 1 - r;
                var mark = level < 0 ? ' ' : rowLevel == level ? '●' : rowLevel < level ? '│' : ' ';
                rows[r].Append(mark).Append(' ', columns - 1);
            }
        }

        var lines = new List<string>();
        for (var r = 0; r < height; r++)
        {
            var value = high - (high - low) * r / (height - 1);
            var label = r == 0 || r == height - 1 || r == height / 2 ? value.ToString("0.0", CultureInfo.InvariantCulture) : "";
            lines.Add($"{label,6} ┤{rows[r]}");
        }

        var drawn = points.Count * columns;
        var first = Formats.Time(points[0].Time);
        var last = Formats.Time(points[^1].Time);
        lines.Add($"{"",6} └{new string('─', drawn)}");
        lines.Add(drawn > first.Length + last.Length + 2
            ? $"{"",8}{first}{new string(' ', drawn - first.Length - last.Length)}{last}"
            : $"{"",8}{first} … {last}");
        return lines;
    }
}

namespace RiskGrains.Grains;

/// <summary>Settings of the score history (configuration section <c>RiskGrains</c>; docs/operations.md, History).</summary>
public sealed class HistoryOptions
{
    /// <summary>Market-driven changes record at most one point per company per interval (a band change always records one).</summary>
    public TimeSpan HistoryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The newest points kept per company.</summary>
    public int HistoryMaxPoints { get; set; } = 10_000;

    /// <summary>Points older than this are removed.</summary>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How often the retention is applied, in the background.</summary>
    public TimeSpan HistoryTrimInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Every setting that is out of range, named by its configuration key.</summary>
    public IEnumerable<string> Problems()
    {
        if (HistoryInterval < TimeSpan.FromSeconds(1) || HistoryInterval > TimeSpan.FromDays(1))
        {
            yield return "RiskGrains:HistoryInterval must be between 00:00:01 and 1.00:00:00 (a bare number is read as days)";
        }

        if (HistoryMaxPoints is < 1 or > 1_000_000)
        {
            yield return "RiskGrains:HistoryMaxPoints must be between 1 and 1000000";
        }

        if (HistoryRetention < TimeSpan.FromHours(1) || HistoryRetention > TimeSpan.FromDays(36_500))
        {
            yield return "RiskGrains:HistoryRetention must be between 01:00:00 and 36500.00:00:00 (a bare number is read as days)";
        }

        if (HistoryTrimInterval < TimeSpan.FromSeconds(1) || HistoryTrimInterval > TimeSpan.FromDays(1))
        {
            yield return "RiskGrains:HistoryTrimInterval must be between 00:00:01 and 1.00:00:00 (a bare number is read as days)";
        }
    }
}

namespace RiskGrains.Grains;

/// <summary>Settings of the alerts (configuration section <c>RiskGrains</c>; docs/operations.md, Alerts).</summary>
public sealed class AlertOptions
{
    /// <summary>
    /// How often each silo re-reads the rule set and the members of the portfolios that rules name (a member
    /// added to such a portfolio is covered from then on), and polls the alert log for an alert it was not told of.
    /// </summary>
    public TimeSpan AlertRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Alerts older than this are removed from the log.</summary>
    public TimeSpan AlertRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>The newest alerts kept in the log, whatever their age.</summary>
    public int AlertMaxEvents { get; set; } = 1_000_000;

    /// <summary>How often the retention is applied, in the background.</summary>
    public TimeSpan AlertTrimInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Alerts a WatchAlerts stream may have waiting to be sent; a client that falls further behind is ended and resumes from its last sequence.</summary>
    public int AlertStreamQueue { get; set; } = 10_000;

    /// <summary>Every setting that is out of range, named by its configuration key.</summary>
    public IEnumerable<string> Problems()
    {
        if (AlertRefreshInterval < TimeSpan.FromSeconds(1) || AlertRefreshInterval > TimeSpan.FromHours(1))
        {
            yield return "RiskGrains:AlertRefreshInterval must be between 00:00:01 and 01:00:00 (a bare number is read as days)";
        }

        if (AlertRetention < TimeSpan.FromHours(1) || AlertRetention > TimeSpan.FromDays(36_500))
        {
            yield return "RiskGrains:AlertRetention must be between 01:00:00 and 36500.00:00:00 (a bare number is read as days)";
        }

        if (AlertMaxEvents is < 1 or > 100_000_000)
        {
            yield return "RiskGrains:AlertMaxEvents must be between 1 and 100000000";
        }

        if (AlertTrimInterval < TimeSpan.FromSeconds(1) || AlertTrimInterval > TimeSpan.FromDays(1))
        {
            yield return "RiskGrains:AlertTrimInterval must be between 00:00:01 and 1.00:00:00 (a bare number is read as days)";
        }

        if (AlertStreamQueue is < 16 or > 1_000_000)
        {
            yield return "RiskGrains:AlertStreamQueue must be between 16 and 1000000";
        }
    }
}

namespace RiskGrains.Grains;

/// <summary>
/// Settings of the watch fan-out, shared by both ends (configuration section <c>RiskGrains</c>): each
/// silo with watchers re-subscribes to their companies every <see cref="WatchRefreshInterval"/>, and a
/// company drops a silo's observer not refreshed for three of those (its silo is presumed gone).
/// </summary>
public sealed class WatchOptions
{
    public TimeSpan WatchRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ObserverExpiry => WatchRefreshInterval * 3;

    /// <summary>Every setting that is out of range, named by its configuration key.</summary>
    public IEnumerable<string> Problems()
    {
        if (WatchRefreshInterval < TimeSpan.FromSeconds(1) || WatchRefreshInterval > TimeSpan.FromHours(1))
        {
            yield return "RiskGrains:WatchRefreshInterval must be between 00:00:01 and 01:00:00 (a bare number is read as days)";
        }
    }
}

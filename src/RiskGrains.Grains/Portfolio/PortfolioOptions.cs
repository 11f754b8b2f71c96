namespace RiskGrains.Grains;

/// <summary>
/// Settings of the portfolio grains (configuration section <c>RiskGrains</c>): a portfolio whose
/// members change tells the silos watching it at most once per <see cref="PortfolioPublishInterval"/>,
/// since composing its figures for readers is the one cost that grows with its positions (docs/architecture.md, portfolios).
/// </summary>
public sealed class PortfolioOptions
{
    public TimeSpan PortfolioPublishInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Every setting that is out of range, named by its configuration key.</summary>
    public IEnumerable<string> Problems()
    {
        if (PortfolioPublishInterval < TimeSpan.FromMilliseconds(10) || PortfolioPublishInterval > TimeSpan.FromMinutes(1))
        {
            yield return "RiskGrains:PortfolioPublishInterval must be between 00:00:00.01 and 00:01:00 (a bare number is read as days)";
        }
    }
}

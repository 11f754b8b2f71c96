using System.Collections.Immutable;
using RiskGrains.Grains;

namespace RiskGrains.Server.Watch;

/// <summary>
/// This silo's watchers of one portfolio and its subscription to the portfolio's grain; like
/// <see cref="CompanyWatchers"/>, each change of the subscription is sent once the previous one was
/// answered. Changed only under the hub's lock.
/// </summary>
internal sealed class PortfolioWatchers
{
    public ImmutableHashSet<PortfolioWatchStream> Streams { get; set; } = [];

    /// <summary>The subscription while the portfolio has local streams; null once they are all gone.</summary>
    public Task<PortfolioSnapshot?>? Subscribed { get; set; }

    /// <summary>The last subscription change sent; the next one waits for it.</summary>
    public Task Last { get; set; } = Task.CompletedTask;

    /// <summary>Counts the changes, so a finished unsubscribe can tell that nothing came after it.</summary>
    public int Changes { get; set; }
}

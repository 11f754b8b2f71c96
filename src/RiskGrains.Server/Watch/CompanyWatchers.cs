using System.Collections.Immutable;
using RiskGrains.Grains;

namespace RiskGrains.Server.Watch;

/// <summary>
/// This silo's watchers of one company and its subscription to the company's grain. Every change of
/// the subscription is sent only once the previous one was answered: an unsubscribe overtaken by
/// the subscribe that followed it would leave the new watcher without updates until the next refresh.
/// Changed only under the hub's lock.
/// </summary>
internal sealed class CompanyWatchers
{
    public ImmutableHashSet<WatchStream> Streams { get; set; } = [];

    /// <summary>The subscription while the company has local streams; null once they are all gone.</summary>
    public Task<RiskSnapshot?>? Subscribed { get; set; }

    /// <summary>The last subscription change sent; the next one waits for it.</summary>
    public Task Last { get; set; } = Task.CompletedTask;

    /// <summary>Counts the changes, so a finished unsubscribe can tell that nothing came after it.</summary>
    public int Changes { get; set; }
}

namespace RiskGrains.Grains;

/// <summary>
/// The alert log (SQLite beside the grain state, or Redis) and the firing state of each rule and company. Sequences
/// are given in the order alerts are stored, and what is stored is always every sequence up to the newest (less
/// what retention removed), so a reader that has seen up to n and reads after n misses nothing.
/// </summary>
public interface IAlertEventStore
{
    /// <summary>
    /// In one atomic step: unless the rule has fired for the company under this <paramref name="revision"/> (or a newer
    /// one) and not re-armed since, stores <paramref name="firing"/> with the next sequence and marks the pair fired.
    /// Returns the stored alert, or null when it had fired already (a retry, or a silo that did not know).
    /// </summary>
    Task<AlertEvent?> Fire(AlertEvent firing, ulong revision);

    /// <summary>Clears the pair's fired mark if it was set under <paramref name="revision"/> or an older one.</summary>
    Task Rearm(string ruleId, string companyId, ulong revision);

    /// <summary>At most <paramref name="max"/> alerts with a sequence above <paramref name="afterSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<AlertEvent>> Read(ulong afterSequence, int max, CancellationToken cancellationToken = default);

    /// <summary>The sequence of the newest alert stored; 0 when none ever was.</summary>
    Task<ulong> LastSequence();

    /// <summary>Keeps at most <paramref name="maxEvents"/> newest alerts and removes those older than <paramref name="olderThan"/>; how many were removed.</summary>
    Task<long> Trim(int maxEvents, DateTimeOffset olderThan);
}

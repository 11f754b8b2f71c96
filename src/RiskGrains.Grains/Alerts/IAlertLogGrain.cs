using Orleans.Concurrency;

namespace RiskGrains.Grains;

/// <summary>
/// The alert log (key 0): companies send it their edges, it stores each firing (<see cref="IAlertEventStore"/>)
/// and then tells every silo's alert hub. Reentrant: stores batch their writes, and the order of the
/// notifications does not matter, since a hub that sees a gap reads the log.
/// </summary>
public interface IAlertLogGrain : IGrainWithIntegerKey
{
    /// <summary>The stored alert, or null when the rule had fired for the company already.</summary>
    Task<AlertEvent?> Fire(AlertEvent firing, ulong revision);

    Task Rearm(string ruleId, string companyId, ulong revision);

    /// <summary>Registers (or refreshes) a silo's hub; returns the newest sequence stored.</summary>
    Task<ulong> Subscribe(IAlertObserver observer);

    Task Unsubscribe(IAlertObserver observer);
}

/// <summary>A silo's alert hub, told each alert once it is stored.</summary>
public interface IAlertObserver : IGrainObserver
{
    [OneWay]
    Task OnAlert(AlertEvent alert);
}

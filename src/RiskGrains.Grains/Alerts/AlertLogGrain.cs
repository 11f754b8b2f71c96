using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Utilities;

namespace RiskGrains.Grains;

/// <inheritdoc cref="IAlertLogGrain"/>
[Reentrant]
public sealed class AlertLogGrain(IAlertEventStore store, IOptions<AlertOptions> options, ILogger<AlertLogGrain> logger) : Grain, IAlertLogGrain
{
    private readonly ObserverManager<IAlertObserver> _hubs = new(options.Value.AlertRefreshInterval * 3, logger);

    public async Task<AlertEvent?> Fire(AlertEvent firing, ulong revision)
    {
        var stored = await store.Fire(firing, revision);
        if (stored is null)
        {
            return null;
        }

        AlertMetrics.Fired.Add(1);
        logger.LogInformation("Alert {Sequence}: rule {RuleId} fired for {CompanyId} at version {Version} ({Field} {Value})", stored.Sequence, stored.RuleId, stored.CompanyId, stored.Version, stored.Field, stored.Value);
        _hubs.Notify(hub => hub.OnAlert(stored).Ignore());
        return stored;
    }

    public Task Rearm(string ruleId, string companyId, ulong revision) => store.Rearm(ruleId, companyId, revision);

    public Task<ulong> Subscribe(IAlertObserver observer)
    {
        _hubs.Subscribe(observer, observer);
        return store.LastSequence();
    }

    public Task Unsubscribe(IAlertObserver observer)
    {
        _hubs.Unsubscribe(observer);
        return Task.CompletedTask;
    }
}

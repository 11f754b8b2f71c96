using Orleans.Concurrency;

namespace RiskGrains.Grains;

/// <summary>The one set of alert rules of the service (key 0), stored, and pushed to every silo's <see cref="AlertRuleBook"/>.</summary>
public interface IAlertRulesGrain : IGrainWithIntegerKey
{
    /// <summary>Creates or replaces a rule; stored, and known to every silo subscribed, before it returns. An identical rule changes nothing; a new one past <paramref name="maxRules"/> is refused.</summary>
    Task<AlertRuleWrite> Upsert(AlertRule rule, int maxRules);

    /// <summary>Deletes a rule; the set's new version, or null when there is no such rule.</summary>
    Task<ulong?> Remove(string ruleId);

    [AlwaysInterleave]
    Task<AlertRuleSet> Get();

    /// <summary>Registers (or refreshes) a silo's book and returns the current set in the same turn.</summary>
    Task<AlertRuleSet> Subscribe(IAlertRulesObserver observer);
}

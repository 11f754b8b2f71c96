using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace RiskGrains.Grains;

/// <summary>
/// The alert rules (docs/architecture.md, the alert path). A change is stored, then pushed to every
/// silo's <see cref="AlertRuleBook"/> and waited for (up to <see cref="NotifyTimeout"/>), so once a write
/// returns each live silo evaluates the new rules. Books also re-subscribe and re-read the set every
/// <see cref="AlertOptions.AlertRefreshInterval"/>, which covers a silo that missed a push.
/// </summary>
public sealed class AlertRulesGrain(
    [PersistentState("alert-rules", StorageNames.Companies)] IPersistentState<AlertRulesState> state,
    IOptions<AlertOptions> options,
    ILogger<AlertRulesGrain> logger) : Grain, IAlertRulesGrain
{
    private static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(5);

    private readonly ObserverManager<IAlertRulesObserver> _books = new(options.Value.AlertRefreshInterval * 3, logger);

    public async Task<AlertRuleWrite> Upsert(AlertRule rule, int maxRules)
    {
        var stored = state.State;
        var at = IndexOf(stored.Rules, rule.RuleId);
        if (at >= 0 && stored.Rules[at].SameAs(rule))
        {
            return new AlertRuleWrite(stored.Version, Applied: false);
        }

        if (at < 0 && stored.Rules.Length >= maxRules)
        {
            return new AlertRuleWrite(stored.Version, Applied: false, Full: true);
        }

        var version = stored.Version + 1;
        var revised = rule with { Revision = version };
        var rules = at >= 0 ? stored.Rules.SetItem(at, revised) : stored.Rules.Add(revised).Sort(static (a, b) => string.CompareOrdinal(a.RuleId, b.RuleId));
        await Store(new AlertRulesState { Version = version, Rules = rules });
        logger.LogInformation("Alert rule {RuleId} stored (rule set version {Version})", rule.RuleId, version);
        return new AlertRuleWrite(version, Applied: true);
    }

    public async Task<ulong?> Remove(string ruleId)
    {
        var stored = state.State;
        if (!stored.Rules.Any(r => r.RuleId == ruleId))
        {
            return null;
        }

        var version = stored.Version + 1;
        await Store(new AlertRulesState { Version = version, Rules = stored.Rules.RemoveAll(r => r.RuleId == ruleId) });
        logger.LogInformation("Alert rule {RuleId} removed (rule set version {Version})", ruleId, version);
        return version;
    }

    public Task<AlertRuleSet> Get() => Task.FromResult(Current());

    public Task<AlertRuleSet> Subscribe(IAlertRulesObserver observer)
    {
        _books.Subscribe(observer, observer);
        return Get();
    }

    private static int IndexOf(ImmutableArray<AlertRule> rules, string ruleId)
    {
        for (var i = 0; i < rules.Length; i++)
        {
            if (rules[i].RuleId == ruleId)
            {
                return i;
            }
        }

        return -1;
    }

    private AlertRuleSet Current() => new(state.State.Version, state.State.Rules);

    private async Task Store(AlertRulesState next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored, so not applied.
            state.State = previous;
            throw;
        }

        var set = Current();
        var told = new List<Task>();
        _books.Notify(book => told.Add(book.OnRulesChanged(set)));
        try
        {
            await Task.WhenAll(told).WaitAsync(NotifyTimeout);
        }
        catch (Exception ex)
        {
            // A silo that did not answer (gone, or busy) reads the set at its next refresh.
            logger.LogWarning(ex, "Not every silo confirmed rule set version {Version}; they read it at their next refresh", set.Version);
        }
    }
}

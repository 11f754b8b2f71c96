using System.Runtime.CompilerServices;
using RiskGrains.Contract.V1;

namespace RiskGrains.Client;

// Revenue dependencies (contagion) and AlertService.
public sealed partial class RiskGrainsClient
{
    /// <summary><c>SetRevenueDependencies</c>: replaces a company's revenue dependencies (empty clears them); retried on transient failures, as the same list again changes nothing.</summary>
    /// <param name="request">The company and its whole list.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The company's version, and whether the write changed anything.</returns>
    public Task<SetRevenueDependenciesResponse> SetRevenueDependenciesAsync(SetRevenueDependenciesRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Retried(nameof(RiskService.RiskServiceClient.SetRevenueDependencies), (c, o) => c.SetRevenueDependenciesAsync(request, o).ResponseAsync, timeout, cancellationToken);

    /// <summary><c>UpsertAlertRule</c>: creates a rule or replaces it whole; retried on transient failures, as an identical rule changes nothing.</summary>
    /// <param name="rule">The whole rule.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The version of the rule set.</returns>
    public Task<UpsertAlertRuleResponse> UpsertAlertRuleAsync(AlertRule rule, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Alerts(nameof(AlertService.AlertServiceClient.UpsertAlertRule), (c, o) => c.UpsertAlertRuleAsync(new UpsertAlertRuleRequest { Rule = rule }, o).ResponseAsync, timeout, cancellationToken);

    /// <summary><c>RemoveAlertRule</c>: deletes a rule (its alerts stay); retried on transient failures.</summary>
    /// <param name="ruleId">The rule's id.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The version of the rule set.</returns>
    public Task<RemoveAlertRuleResponse> RemoveAlertRuleAsync(string ruleId, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Alerts(nameof(AlertService.AlertServiceClient.RemoveAlertRule), (c, o) => c.RemoveAlertRuleAsync(new RemoveAlertRuleRequest { RuleId = ruleId }, o).ResponseAsync, timeout, cancellationToken);

    /// <summary><c>ListAlertRules</c>: every rule, by rule id; retried on transient failures.</summary>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The rules and the version of the rule set.</returns>
    public Task<ListAlertRulesResponse> ListAlertRulesAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Alerts(nameof(AlertService.AlertServiceClient.ListAlertRules), (c, o) => c.ListAlertRulesAsync(new ListAlertRulesRequest(), o).ResponseAsync, timeout, cancellationToken);

    /// <summary>
    /// Watches alerts for as long as the caller reads: the stored ones with a sequence above <paramref name="afterSequence"/>,
    /// oldest first, then each new one as it fires, across server restarts and the loss of silos. It reconnects as
    /// <see cref="WatchAsync"/> does and resumes after the last alert yielded, so none is missed and none yielded twice;
    /// sequences only rise. Keep the last sequence to resume after a restart of the caller itself.
    /// </summary>
    /// <param name="afterSequence">The last sequence already seen; 0 for every stored alert.</param>
    /// <param name="ruleIds">Only these rules' alerts; every rule's when null or empty.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The alerts, in sequence order.</returns>
    public async IAsyncEnumerable<AlertEvent> WatchAlertsAsync(ulong afterSequence = 0, IEnumerable<string>? ruleIds = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var rules = ruleIds?.Distinct(StringComparer.Ordinal).ToList() ?? [];
        var last = afterSequence;
        await foreach (var message in Reconnecting(
            rules.Count == 0 ? "every rule's alerts" : $"the alerts of {rules.Count} rules",
            (server, options) => _servers.Client<AlertService.AlertServiceClient>(server).WatchAlerts(new WatchAlertsRequest { RuleIds = { rules }, AfterSequence = last }, options),
            () => $"resuming after alert {last}",
            cancellationToken).ConfigureAwait(false))
        {
            if (message.Event is not { } alert || alert.Sequence <= last)
            {
                continue;
            }

            last = alert.Sequence;
            yield return alert;
        }
    }

    private Task<TResponse> Alerts<TResponse>(string method, Func<AlertService.AlertServiceClient, Grpc.Core.CallOptions, Task<TResponse>> attempt, TimeSpan? timeout, CancellationToken cancellationToken) =>
        Retried<AlertService.AlertServiceClient, TResponse>(method, attempt, timeout, cancellationToken);
}

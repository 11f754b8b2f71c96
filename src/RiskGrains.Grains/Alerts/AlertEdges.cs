using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RiskGrains.Grains;

/// <summary>
/// A company's side of the alerts (docs/api.md, AlertService): after each new version it evaluates the rules that
/// cover it and sends the alert log its edges, in order, one at a time. A rule fires when the value enters its
/// region (from outside or from absent) and re-arms once the value is outside by more than the hysteresis; an
/// absent value changes nothing. The log holds the durable state, so after a restart the first version sends each
/// rule's side once and the log decides (a value still inside the region does not fire again). A signal that
/// fails is forgotten with the local state of its rule, so the next version sends it again.
/// </summary>
internal sealed class AlertEdges(string companyId, AlertRuleBook book, IAlertLogGrain log, Func<RiskSnapshot> snapshot, ILogger logger)
{
    private Dictionary<string, Edge>? _edges;
    private Queue<Signal>? _outbox;
    private bool _sending;

    private enum Side
    {
        Unknown,
        Fired,
        Armed,
    }

    /// <summary>The edges of the grain's company; <paramref name="snapshot"/> gives its current snapshot.</summary>
    public static AlertEdges For(IGrainBase grain, Func<RiskSnapshot> snapshot)
    {
        var services = grain.GrainContext.ActivationServices;
        return new AlertEdges(
            grain.GrainContext.GrainId.Key.ToString()!,
            services.GetRequiredService<AlertRuleBook>(),
            services.GetRequiredService<IGrainFactory>().GetGrain<IAlertLogGrain>(0),
            snapshot,
            services.GetRequiredService<ILogger<AlertEdges>>());
    }

    /// <summary>Called after every new version; a company that no rule covers pays one lookup.</summary>
    public void Changed()
    {
        var rules = book.For(companyId);
        if (rules.IsEmpty)
        {
            return;
        }

        Evaluate(rules, snapshot());
    }

    private void Evaluate(ImmutableArray<AlertRule> rules, RiskSnapshot current)
    {
        var edges = _edges ??= new Dictionary<string, Edge>(StringComparer.Ordinal);
        AlertMetrics.Evaluated.Add(rules.Length);
        foreach (var rule in rules)
        {
            if (AlertFields.Read(rule.Field, current.Assessment) is not { } value)
            {
                continue;
            }

            // A rule changed since: what was known of its old revision is void.
            var edge = edges.TryGetValue(rule.RuleId, out var known) && known.Revision == rule.Revision ? known : new Edge(rule.Revision, Side.Unknown);
            if (rule.Inside(value) && edge.Side != Side.Fired)
            {
                edges[rule.RuleId] = edge with { Side = Side.Fired };
                var firing = new AlertEvent(0, rule.RuleId, companyId, rule.Field, value, rule.Threshold, current.Version, current.TraceId, current.AsOf);
                Send(new Signal(rule, firing));
            }
            else if (!rule.Inside(value) && rule.Rearms(value) && edge.Side != Side.Armed)
            {
                edges[rule.RuleId] = edge with { Side = Side.Armed };
                Send(new Signal(rule, Firing: null));
            }
        }
    }

    private void Send(Signal signal)
    {
        (_outbox ??= new Queue<Signal>()).Enqueue(signal);
        if (!_sending)
        {
            _sending = true;
            SendAll().Ignore();
        }
    }

    // Runs on the grain's scheduler, between its turns; one signal in flight keeps a company's edges in order.
    private async Task SendAll()
    {
        try
        {
            while (_outbox!.TryPeek(out var signal))
            {
                if (signal.Firing is { } firing)
                {
                    await log.Fire(firing, signal.Rule.Revision);
                }
                else
                {
                    await log.Rearm(signal.Rule.RuleId, companyId, signal.Rule.Revision);
                }

                _outbox.Dequeue();
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "{CompanyId}: sending {Count} alert edges failed; the next version sends them again", companyId, _outbox!.Count);
            while (_outbox.TryDequeue(out var lost))
            {
                _edges!.Remove(lost.Rule.RuleId);
            }
        }
        finally
        {
            _sending = false;
        }
    }

    private readonly record struct Edge(ulong Revision, Side Side);

    private sealed record Signal(AlertRule Rule, AlertEvent? Firing);
}

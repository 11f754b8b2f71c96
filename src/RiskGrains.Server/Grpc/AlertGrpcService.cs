using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using RiskGrains.Grains;
using RiskGrains.Server.Alerts;
using RiskGrains.Server.Hosting;
using RiskGrains.Server.Security;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// The AlertService contract, thin like the others: read the request (<see cref="RequestReader"/>), call the rules
/// grain, or replay the alert log and stream the hub's live alerts (<see cref="AlertHub"/>). Listing and watching
/// need the reader role, the two writes the writer role.
/// </summary>
internal sealed class AlertGrpcService(IGrainFactory grains, IAlertEventStore log, AlertHub hub, RequestLimits limits, StreamQuotas quotas, IOptions<AlertOptions> options)
    : V1.AlertService.AlertServiceBase
{
    private const int ReplayPage = 1000;

    [Authorize(Policy = RolePolicies.Write)]
    public override async Task<V1.UpsertAlertRuleResponse> UpsertAlertRule(V1.UpsertAlertRuleRequest request, ServerCallContext context)
    {
        var rule = RpcErrors.Checked(errors => RequestReader.Read(request, limits, errors));
        var max = limits.Options.MaxAlertRules;
        var result = await Rules.Upsert(rule, max);
        if (result.Full)
        {
            throw new RpcException(new Status(
                StatusCode.ResourceExhausted,
                $"there are {max} alert rules already, the most {LimitsOptions.Key(nameof(LimitsOptions.MaxAlertRules))} allows; remove one first"));
        }

        return new V1.UpsertAlertRuleResponse { Version = result.Version };
    }

    [Authorize(Policy = RolePolicies.Write)]
    public override async Task<V1.RemoveAlertRuleResponse> RemoveAlertRule(V1.RemoveAlertRuleRequest request, ServerCallContext context)
    {
        var id = RpcErrors.Checked(errors => RequestReader.Read(request, errors));
        var version = await Rules.Remove(id) ?? throw new RpcException(new Status(StatusCode.NotFound, $"alert rule '{id}' is unknown"));
        return new V1.RemoveAlertRuleResponse { Version = version };
    }

    [Authorize(Policy = RolePolicies.Read)]
    public override async Task<V1.ListAlertRulesResponse> ListAlertRules(V1.ListAlertRulesRequest request, ServerCallContext context)
    {
        var set = await Rules.Get();
        var response = new V1.ListAlertRulesResponse { Version = set.Version };
        response.Rules.AddRange(set.Rules.Select(AlertMapping.ToProto));
        return response;
    }

    [Authorize(Policy = RolePolicies.Read)]
    public override async Task WatchAlerts(V1.WatchAlertsRequest request, IServerStreamWriter<V1.WatchAlertsResponse> responseStream, ServerCallContext context)
    {
        var (ruleIds, after) = RpcErrors.Checked(errors => RequestReader.Read(request, limits, errors));
        using var open = quotas.AlertWatch.Enter(Callers.Name(context.GetHttpContext().User));
        var stream = new AlertWatchStream(ruleIds, options.Value.AlertStreamQueue);
        var cancel = context.CancellationToken;
        try
        {
            // Registered first, so every alert past the hub's cursor reaches the queue; the log holds the rest.
            await hub.Attach(stream, cancel);

            // The watch is open: said at once, since there may be no alert for long (an HTTP client, such as
            // the board, sees no response until the headers are sent).
            await context.WriteResponseHeadersAsync([]);
            var last = after;
            while (true)
            {
                var page = await log.Read(last, ReplayPage, cancel);
                foreach (var alert in page)
                {
                    last = alert.Sequence;
                    if (stream.Wants(alert))
                    {
                        await responseStream.WriteAsync(new V1.WatchAlertsResponse { Event = AlertMapping.ToProto(alert) }, cancel);
                    }
                }

                if (page.Count < ReplayPage)
                {
                    break;
                }
            }

            await foreach (var alert in stream.ReadAllAsync(cancel))
            {
                // The replay may have read past the cursor: those are not sent twice.
                if (alert.Sequence <= last)
                {
                    continue;
                }

                last = alert.Sequence;
                await responseStream.WriteAsync(new V1.WatchAlertsResponse { Event = AlertMapping.ToProto(alert) }, cancel);
            }

            if (stream.Overflowed)
            {
                throw new RpcException(new Status(
                    StatusCode.ResourceExhausted,
                    $"the stream fell more than {options.Value.AlertStreamQueue} alerts behind (RiskGrains:AlertStreamQueue); watch again with after_sequence = {last}"));
            }

            throw new RpcException(new Status(StatusCode.Unavailable, $"the server is shutting down; watch again with after_sequence = {last}"));
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The client went away: nothing to report, only to release.
        }
        finally
        {
            hub.Detach(stream);
        }
    }

    private IAlertRulesGrain Rules => grains.GetGrain<IAlertRulesGrain>(0);
}

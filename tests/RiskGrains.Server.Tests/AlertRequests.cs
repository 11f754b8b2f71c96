using Grpc.Core;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>Well-formed AlertService requests, and the writes that move a company's liquidity (cash plus 20, <see cref="Requests.Period"/>).</summary>
internal static class AlertRequests
{
    public static string NewRuleId(string prefix = "R") => $"{prefix}-{Guid.NewGuid():N}"[..24];

    /// <summary>liquidity below <paramref name="threshold"/>, for the companies named.</summary>
    public static UpsertAlertRuleRequest LiquidityBelow(string ruleId, double threshold, double hysteresis, params string[] companyIds)
    {
        var rule = new AlertRule { RuleId = ruleId, Field = "liquidity", Comparison = Comparison.Below, Threshold = threshold, Hysteresis = hysteresis };
        rule.CompanyIds.Add(companyIds);
        return new UpsertAlertRuleRequest { Rule = rule };
    }

    /// <summary>Restates the company's one period with this cash: its liquidity becomes cash + 20. Returns the new version.</summary>
    public static async Task<ulong> SetCashAsync(RiskService.RiskServiceClient client, string id, double cash)
    {
        var period = Requests.Period(2025, 6, 30);
        period.Cash = cash;
        return (await client.ReportFinancialsAsync(Requests.Financials(id, period))).Version;
    }

    /// <summary>Reads alerts from a WatchAlerts call until <paramref name="count"/> have come, or the timeout.</summary>
    public static async Task<List<AlertEvent>> TakeAsync(AsyncServerStreamingCall<WatchAlertsResponse> watch, int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var alerts = new List<AlertEvent>();
        try
        {
            while (alerts.Count < count && await watch.ResponseStream.MoveNext(cancel.Token))
            {
                alerts.Add(watch.ResponseStream.Current.Event);
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
            // Timed out: the caller's assertion says what is missing.
        }

        return alerts;
    }

    /// <summary>True when no further alert comes within <paramref name="wait"/>.</summary>
    public static async Task<AlertEvent?> NextWithinAsync(AsyncServerStreamingCall<WatchAlertsResponse> watch, TimeSpan wait)
    {
        var next = await TakeAsync(watch, 1, wait);
        return next.Count == 0 ? null : next[0];
    }

    public static WatchAlertsRequest WatchFrom(ulong after, params string[] ruleIds)
    {
        var request = new WatchAlertsRequest { AfterSequence = after };
        request.RuleIds.Add(ruleIds);
        return request;
    }
}

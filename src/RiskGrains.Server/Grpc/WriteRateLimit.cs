using System.Text;
using System.Threading.RateLimiting;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.RateLimiting;
using RiskGrains.Server.Hosting;

using RiskGrains.Server.Security;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// The write rate of each caller (<see cref="Caller"/>): a token bucket per caller over the write RPCs,
/// with ASP.NET Core's rate limiting. An Ingest stream is one call, however many items it carries.
/// A refused call gets RESOURCE_EXHAUSTED naming the settings: ASP.NET Core's own answer, HTTP 429 or
/// 503, reaches a gRPC client as UNAVAILABLE, which it would retry at once.
/// </summary>
internal static class WriteRateLimit
{
    public const string Policy = "writes";

    /// <summary>The RPCs that write, and so spend the caller's tokens.</summary>
    public static readonly IReadOnlySet<string> Writes = new HashSet<string>(StringComparer.Ordinal)
    {
        "UpsertCompany", "ReportFinancials", "UpsertCommitment", "RemoveCommitment", "PublishMarketData", "Ingest", "SetRevenueDependencies",
        "UpsertPortfolio", "RemovePortfolio",
        "UpsertAlertRule", "RemoveAlertRule",
    };

    public static void Configure(RateLimiterOptions options, LimitsOptions limits)
    {
        options.AddPolicy(Policy, context => RateLimitPartition.GetTokenBucketLimiter(Callers.Name(context.User), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.WriteBurst,
            TokensPerPeriod = limits.WriteRatePerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        options.OnRejected = (rejected, _) =>
        {
            Refuse(rejected.HttpContext, limits);
            return ValueTask.CompletedTask;
        };
    }

    /// <summary>Adds the policy to each write RPC of a gRPC service's endpoints.</summary>
    public static void Apply(EndpointBuilder endpoint)
    {
        if (endpoint.Metadata.OfType<GrpcMethodMetadata>().FirstOrDefault() is { } grpc && Writes.Contains(grpc.Method.Name))
        {
            endpoint.Metadata.Add(new EnableRateLimitingAttribute(Policy));
        }
    }

    // A trailers-only gRPC answer: HTTP 200 with the status in the headers.
    private static void Refuse(HttpContext context, LimitsOptions limits)
    {
        var caller = Callers.Quoted(Callers.Name(context.User));
        var message = $"{caller} writes faster than {LimitsOptions.Key(nameof(LimitsOptions.WriteRatePerSecond))} ({limits.WriteRatePerSecond} calls a second, "
            + $"bursts of {LimitsOptions.Key(nameof(LimitsOptions.WriteBurst))} ({limits.WriteBurst})); retry later";
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = "8";
        response.Headers["grpc-message"] = PercentEncode(message);
    }

    // gRPC's grpc-message: UTF-8, with every byte outside printable ASCII, and '%', as %XX.
    private static string PercentEncode(string message)
    {
        var encoded = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }
}

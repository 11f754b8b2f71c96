using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace RiskGrains.Client;

/// <summary>The client's log messages: retries and reconnections at Warning, as they mean a server was lost or refused.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "{Method} attempt {Attempt} on {Address} failed with {Status} ({Detail}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string method, int attempt, Uri? address, StatusCode status, string detail, TimeSpan delay);

    [LoggerMessage(2, LogLevel.Warning, "the watch of {Companies} companies on {Address} ended with {Status} ({Detail}); reconnecting in {Delay} (failure {Failures}), resuming from {Held} versions held")]
    public static partial void Reconnecting(ILogger logger, int companies, Uri? address, StatusCode status, string detail, TimeSpan delay, int failures, int held);

    [LoggerMessage(3, LogLevel.Information, "the watch of {Companies} companies reconnected to {Address}")]
    public static partial void Reconnected(ILogger logger, int companies, Uri? address);
}

using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace RiskGrains.Client;

/// <summary>The client's log messages: retries and reconnections at Warning, as they mean a server was lost or refused.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "{Method} attempt {Attempt} on {Address} failed with {Status} ({Detail}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string method, int attempt, Uri? address, StatusCode status, string detail, TimeSpan delay);

    [LoggerMessage(2, LogLevel.Warning, "the watch of {Watched} on {Address} ended with {Status} ({Detail}); reconnecting in {Delay} (failure {Failures}), {Resume}")]
    public static partial void Reconnecting(ILogger logger, string watched, Uri? address, StatusCode status, string detail, TimeSpan delay, int failures, string resume);

    [LoggerMessage(3, LogLevel.Information, "the watch of {Watched} reconnected to {Address}")]
    public static partial void Reconnected(ILogger logger, string watched, Uri? address);
}

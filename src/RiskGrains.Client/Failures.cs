using Grpc.Core;

namespace RiskGrains.Client;

/// <summary>Which failures are worth another attempt, by status and by where the status came from.</summary>
internal static class Failures
{
    /// <summary>
    /// True for a failure another attempt may overcome: <c>UNAVAILABLE</c> (a server stopping, restarting or
    /// unreachable; a silo of the cluster lost), <c>ABORTED</c> (a company changed underneath a write during a
    /// failover), <c>DEADLINE_EXCEEDED</c> (an attempt's own deadline: identical writes are ignored, so sending
    /// again is safe), and a dropped connection. Everything the server decided (invalid input, unknown company,
    /// credentials, roles, limits) is final.
    /// </summary>
    public static bool IsTransient(RpcException failure) => failure.StatusCode switch
    {
        _ when IsTlsRefusal(failure.Status.DebugException) => false,
        StatusCode.Unavailable or StatusCode.Aborted or StatusCode.DeadlineExceeded => true,

        // A reset stream or a lost connection surfaces as INTERNAL, UNKNOWN or CANCELLED made on this side, with the
        // transport's exception attached; the same codes sent by the server carry none and are final.
        StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled => failure.Status.DebugException is not null,
        _ => false,
    };

    /// <summary>A TLS handshake that failed (a server certificate not trusted, a name that does not match): a setting to fix, not a server to wait for.</summary>
    private static bool IsTlsRefusal(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Security.Authentication.AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the server could not be reached or did not answer in time, so the next attempt should go to another
    /// address. A status the server sent itself (a silo of its cluster lost, a company changed concurrently) comes
    /// from a server that is up: the next attempt stays there, rather than move to one that may be the lost one. A
    /// server that is stopping ends its watches with such a status, then refuses connections, which moves on.
    /// </summary>
    public static bool CallsForAnotherServer(RpcException failure) =>
        failure.Status.DebugException is not null || failure.StatusCode == StatusCode.DeadlineExceeded;

    /// <summary>A refusal for the caller's write rate, by the message the service documents for it.</summary>
    public static bool IsWriteRateLimit(RpcException failure) =>
        failure.StatusCode == StatusCode.ResourceExhausted
        && failure.Status.Detail.Contains("WriteRatePerSecond", StringComparison.Ordinal);
}

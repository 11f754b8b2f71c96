using Grpc.Core;

namespace RiskGrains.Cli;

/// <summary>A server's refusal or an unreachable server as one line: the status and the server's own words, which name each offending field.</summary>
public static class ServerErrors
{
    public static string Line(RpcException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var detail = CliApp.OneLine(e.Status.Detail);
        return e.StatusCode switch
        {
            StatusCode.Unavailable or StatusCode.DeadlineExceeded when IsConnectionFailure(e) =>
                $"the server cannot be reached ({Name(e.StatusCode)}: {detail})",
            _ => $"{Name(e.StatusCode)}: {detail}",
        };
    }

    /// <summary><c>INVALID_ARGUMENT</c> for <see cref="StatusCode.InvalidArgument"/>: the names gRPC documents and other tools print.</summary>
    public static string Name(StatusCode code) =>
        string.Concat(code.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();

    private static bool IsConnectionFailure(RpcException e) =>
        e.StatusCode == StatusCode.Unavailable || e.Status.DebugException is System.Net.Http.HttpRequestException;
}

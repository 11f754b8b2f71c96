using System.Globalization;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace RiskGrains.Server.Security;

/// <summary>
/// Refusals as gRPC statuses rather than bare HTTP 401/403, which clients can only report as
/// "bad gRPC response": UNAUTHENTICATED with what to send, PERMISSION_DENIED with the role needed.
/// Written as a trailers-only response (HTTP 200, grpc-status in the headers), as gRPC servers answer
/// a call refused before its first message. The same RPC called by its HTTP route (<c>/v1/...</c>)
/// gets 401 or 403 with the same message in the JSON body of any other HTTP error (docs/http.md).
/// </summary>
internal sealed class GrpcAuthorizationResultHandler(KnownCallers callers, ILogger<GrpcAuthorizationResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var grpc = IsGrpc(context.Request.ContentType);
        var http = !grpc && context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal);
        if (authorizeResult.Succeeded || !(grpc || http))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        // An HTTP route names its RPC as gRPC would, so a refusal reads the same over both.
        var method = http && context.GetEndpoint()?.Metadata.GetMetadata<global::Grpc.AspNetCore.Server.GrpcMethodMetadata>() is { } rpc
            ? $"{rpc.Method.ServiceName}/{rpc.Method.Name}"
            : context.Request.Path.Value?.TrimStart('/') ?? "";
        if (authorizeResult.Forbidden)
        {
            var needed = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).ToList();
            var held = Callers.RolesOf(context.User).ToList();
            var name = Callers.Name(context.User);
            await Refuse(context, http, method, StatusCode.PermissionDenied, string.Create(
                CultureInfo.InvariantCulture,
                $"{method} needs the role {string.Join(" or ", needed)}; '{name}' has {(held.Count == 0 ? "no role" : string.Join(", ", held))}"));
            return;
        }

        // The scheme caches its result per request: this reads why it failed, it does not check again.
        var authenticated = await context.AuthenticateAsync(CallerAuthenticationHandler.SchemeName);
        await Refuse(context, http, method, StatusCode.Unauthenticated, authenticated.Failure?.Message ?? callers.MissingCredentials());
    }

    private async Task Refuse(HttpContext context, bool http, string method, StatusCode code, string message)
    {
        logger.LogInformation("{Method} from {Remote} refused with {Status}: {Reason}", method, context.Connection.RemoteIpAddress, code, message);
        var response = context.Response;
        if (http)
        {
            // The body JSON transcoding gives any other error: the gRPC status code and its message.
            response.StatusCode = code == StatusCode.Unauthenticated ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
            if (code == StatusCode.Unauthenticated)
            {
                response.Headers.WWWAuthenticate = "Bearer";
            }

            await response.WriteAsJsonAsync(new HttpRefusal((int)code, message, []));
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)code).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(message);
    }

    private sealed record HttpRefusal(
        [property: System.Text.Json.Serialization.JsonPropertyName("code")] int Code,
        [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message,
        [property: System.Text.Json.Serialization.JsonPropertyName("details")] object[] Details);

    private static bool IsGrpc(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>grpc-message is percent-encoded: every byte outside printable ASCII, and '%' itself.</summary>
    private static string PercentEncode(string message)
    {
        var text = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return text.ToString();
    }
}

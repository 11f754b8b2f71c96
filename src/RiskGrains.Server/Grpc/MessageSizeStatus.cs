using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using RiskGrains.Server.Hosting;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// gRPC refuses a message over its size limits with RESOURCE_EXHAUSTED before any interceptor runs,
/// and with a message of its own that names no setting. This middleware names it: the status stays,
/// the message says which setting decided and its value. It rewrites nothing else.
/// </summary>
internal sealed class MessageSizeStatus(RequestDelegate next, RequestLimits limits)
{
    private const string ResourceExhausted = "8";
    private const string Received = "Received message exceeds the maximum configured message size.";
    private const string Sending = "Sending message exceeds the maximum configured message size.";

    public async Task InvokeAsync(HttpContext context)
    {
        // A status sent before any message travels in the headers (trailers-only), else in the trailers.
        context.Response.OnStarting(() =>
        {
            Rename(context.Response.Headers);
            return Task.CompletedTask;
        });
        await next(context);
        if (context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { IsReadOnly: false } trailers)
        {
            Rename(trailers);
        }
    }

    private void Rename(IHeaderDictionary headers)
    {
        if (headers["grpc-status"] != ResourceExhausted)
        {
            return;
        }

        var message = headers["grpc-message"];
        if (message == Received || message == Uri.EscapeDataString(Received))
        {
            headers["grpc-message"] = new StringValues(
                $"the request message is larger than {LimitsOptions.Key(nameof(LimitsOptions.MaxReceiveMessageSize))} ({limits.Options.MaxReceiveMessageSize} bytes)");
        }
        else if (message == Sending || message == Uri.EscapeDataString(Sending))
        {
            headers["grpc-message"] = new StringValues(
                $"the response message is larger than {LimitsOptions.Key(nameof(LimitsOptions.MaxSendMessageSize))} ({limits.Options.MaxSendMessageSize} bytes)");
        }
    }
}

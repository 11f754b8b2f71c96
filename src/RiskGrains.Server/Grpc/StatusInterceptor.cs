using Grpc.Core;
using Grpc.Core.Interceptors;
using Orleans.Runtime.Messaging;
using RiskGrains.Grains;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// Turns what a grain call throws into the contract's statuses: an unknown company is NOT_FOUND, a full
/// commitment book FAILED_PRECONDITION, and
/// the cluster's transient faults (a silo died, a call timed out) are UNAVAILABLE, the status gRPC
/// clients retry on, instead of UNKNOWN. A write that failed that way may or may not have been
/// applied; retrying it is safe because an identical write is ignored.
/// </summary>
internal sealed class StatusInterceptor(ILogger<StatusInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (Translate(ex, context) is { } status)
        {
            throw status;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (Translate(ex, context) is { } status)
        {
            throw status;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (Translate(ex, context) is { } status)
        {
            throw status;
        }
    }

    private RpcException? Translate(Exception exception, ServerCallContext context)
    {
        if (exception is UnknownCompanyException unknown)
        {
            return RpcErrors.NotFound([unknown.CompanyId]);
        }

        if (exception is CommitmentBookFullException full)
        {
            // The request is well formed; the company's state refuses it until a commitment is removed.
            return new RpcException(new Status(StatusCode.FailedPrecondition, full.Message));
        }

        var (code, message) = exception switch
        {
            RpcException => (StatusCode.OK, ""),

            // The client went away (cancelled, or reset its stream): nothing went wrong here.
            _ when context.CancellationToken.IsCancellationRequested => (StatusCode.Cancelled, "cancelled by the client"),
            SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException
                => (StatusCode.Unavailable, "a silo of the cluster is unavailable; retry"),
            TimeoutException => (StatusCode.Unavailable, "the cluster did not answer in time; retry"),
            Orleans.Storage.InconsistentStateException => (StatusCode.Aborted, "the company changed concurrently; retry"),
            _ => (StatusCode.Internal, "internal error; see the server log"),
        };
        if (code == StatusCode.OK)
        {
            return null;
        }

        if (code is StatusCode.Internal or StatusCode.Unavailable or StatusCode.Aborted)
        {
            logger.LogWarning(exception, "{Method} failed: {Status}", context.Method, code);
        }

        return new RpcException(new Status(code, message));
    }
}

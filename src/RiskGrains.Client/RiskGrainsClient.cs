using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RiskGrains.Contract.V1;

namespace RiskGrains.Client;

/// <summary>
/// A client of the RiskGrains service (<c>riskgrains.v1.RiskService</c>): one typed method per RPC, taking and
/// returning the contract's messages. Unary calls are retried on transient failures (every RPC of the service is
/// safe to send again: reads change nothing, and a write identical to the held state is ignored), on the next
/// server address when there are several; <see cref="WatchAsync"/> reconnects and resumes. Thread-safe: make one
/// per process (or let <c>AddRiskGrainsClient</c> register one) and share it.
/// </summary>
/// <remarks>
/// Errors the server decided (<c>INVALID_ARGUMENT</c>, <c>NOT_FOUND</c>, <c>FAILED_PRECONDITION</c>,
/// <c>UNAUTHENTICATED</c>, <c>PERMISSION_DENIED</c>, <c>RESOURCE_EXHAUSTED</c>) are thrown at once as
/// <see cref="RpcException"/>; so is the last failure once the retries are spent. Cancelling a call's token throws
/// <see cref="OperationCanceledException"/>.
/// </remarks>
public sealed partial class RiskGrainsClient : IDisposable
{
    private readonly ServerSet _servers;
    private readonly RiskGrainsClientOptions _options;
    private readonly ILogger _logger;

    // The server calls go to; moved on to the next one when it fails, and shared by every call and watch.
    private int _current;

    /// <summary>A client with channels of its own to the addresses of <paramref name="options"/>; disposing it closes them.</summary>
    /// <param name="options">The addresses, credentials and settings; copied, so later changes do not reach the client.</param>
    /// <param name="loggerFactory">Where retries and reconnections are logged; none by default.</param>
    /// <exception cref="ArgumentException">The options cannot work: the message names every setting at fault.</exception>
    public RiskGrainsClient(RiskGrainsClientOptions options, ILoggerFactory? loggerFactory = null)
        : this(Validated(options), static (o, l) => InvokerServerSet.FromOptions(o, l), loggerFactory)
    {
    }

    /// <summary>
    /// A client over a channel the caller made and owns (one server): its credentials and TLS are the channel's, and
    /// of <paramref name="options"/> only the timeouts and retries apply.
    /// </summary>
    /// <param name="channel">A channel to the service, such as a <c>GrpcChannel</c>.</param>
    /// <param name="options">Timeouts and retries; the defaults when null.</param>
    /// <param name="loggerFactory">Where retries and reconnections are logged; none by default.</param>
    public RiskGrainsClient(ChannelBase channel, RiskGrainsClientOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(
            Validated(options ?? new RiskGrainsClientOptions(), connection: false),
            (_, _) => new InvokerServerSet([(channel ?? throw new ArgumentNullException(nameof(channel))).CreateCallInvoker()], [null], []),
            loggerFactory)
    {
    }

    internal RiskGrainsClient(ServerSet servers, RiskGrainsClientOptions options, ILoggerFactory? loggerFactory)
        : this(options, (_, _) => servers, loggerFactory)
    {
    }

    private RiskGrainsClient(RiskGrainsClientOptions options, Func<RiskGrainsClientOptions, ILoggerFactory?, ServerSet> servers, ILoggerFactory? loggerFactory)
    {
        _options = options;
        _logger = (ILogger?)loggerFactory?.CreateLogger<RiskGrainsClient>() ?? NullLogger.Instance;
        _servers = servers(options, loggerFactory);
    }

    /// <summary>The options in force: a copy of those given.</summary>
    internal RiskGrainsClientOptions Options => _options;

    /// <summary>Closes the channels the client made; a client from the factory or over a given channel leaves them to their owner.</summary>
    public void Dispose() => _servers.Dispose();

    private static RiskGrainsClientOptions Validated(RiskGrainsClientOptions options, bool connection = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Copy();
        copy.Validate(connection);
        return copy;
    }

    private RiskService.RiskServiceClient Risk(int server) => _servers.Client<RiskService.RiskServiceClient>(server);

    /// <summary>After a failure on <paramref name="server"/>, later attempts go to the next address (unless another caller moved on already).</summary>
    private void MoveOn(int server)
    {
        if (_servers.Count > 1)
        {
            Interlocked.CompareExchange(ref _current, (server + 1) % _servers.Count, server);
        }
    }

    private DateTime? Deadline(TimeSpan? timeout) => (timeout ?? _options.CallTimeout) is { } t ? DateTime.UtcNow + t : null;

    /// <summary>
    /// Runs one call, again after each transient failure with backoff, each attempt on the current server with its own
    /// deadline, until it succeeds, fails for good, or <see cref="RiskGrainsClientOptions.Retry"/> is spent.
    /// </summary>
    private Task<TResponse> Retried<TResponse>(
        string method,
        Func<RiskService.RiskServiceClient, CallOptions, Task<TResponse>> attempt,
        TimeSpan? timeout,
        CancellationToken cancellationToken,
        bool noDefaultDeadline = false) =>
        Retried<RiskService.RiskServiceClient, TResponse>(method, attempt, timeout, cancellationToken, noDefaultDeadline);

    /// <summary>As <see cref="Retried{TResponse}"/>, for a call of any service of the contract.</summary>
    private async Task<TResponse> Retried<TClient, TResponse>(
        string method,
        Func<TClient, CallOptions, Task<TResponse>> attempt,
        TimeSpan? timeout,
        CancellationToken cancellationToken,
        bool noDefaultDeadline = false)
        where TClient : ClientBase<TClient>
    {
        var retry = _options.Retry;
        for (var attempts = 1; ; attempts++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var server = Volatile.Read(ref _current);
            var call = new CallOptions(
                deadline: noDefaultDeadline && timeout is null ? null : Deadline(timeout),
                cancellationToken: cancellationToken);
            RpcException failure;
            try
            {
                return await attempt(_servers.Client<TClient>(server), call).ConfigureAwait(false);
            }
            catch (RpcException e) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"{method} was cancelled", e, cancellationToken);
            }
            catch (RpcException e)
            {
                failure = e;
            }

            var rateLimited = _options.RetryWhenRateLimited && Failures.IsWriteRateLimit(failure);
            if (!(Failures.IsTransient(failure) || rateLimited) || attempts >= (retry.MaxAttempts ?? int.MaxValue))
            {
                throw failure;
            }

            var delay = retry.Delay(attempts, Random.Shared.NextDouble());
            if (rateLimited)
            {
                // The write rate is a token bucket refilled every second: an earlier attempt would be refused again.
                delay = TimeSpan.FromTicks(Math.Max(delay.Ticks, TimeSpan.FromSeconds(1).Ticks));
            }

            if (Failures.CallsForAnotherServer(failure))
            {
                MoveOn(server);
            }

            Log.Retrying(_logger, method, attempts, _servers.Address(server), failure.StatusCode, failure.Status.Detail, delay);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }
}

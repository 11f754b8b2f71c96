using System.Diagnostics;
using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using RiskGrains.Contract.V1;

namespace RiskGrains.Client;

// The watches: the RPC as it is, and one that outlives servers.
public sealed partial class RiskGrainsClient
{
    /// <summary>
    /// <c>WatchRisk</c> as the RPC is: one stream, the current state of each company (or, with
    /// <c>resume_versions</c>, of those that changed since), then every new version. It ends with the
    /// <see cref="RpcException"/> that ended the stream (<c>UNAVAILABLE</c> when the server stops); for a watch that
    /// reconnects by itself use <see cref="WatchAsync"/>.
    /// </summary>
    /// <param name="request">The companies, and optionally the versions already held and the read mask (the fields of <c>risk</c> each update carries).</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The updates, as the server sends them.</returns>
    public async IAsyncEnumerable<RiskUpdate> WatchRiskAsync(WatchRiskRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var call = Risk(Volatile.Read(ref _current)).WatchRisk(request, new CallOptions(cancellationToken: cancellationToken));
        while (true)
        {
            var (moved, failure) = await Next(call.ResponseStream, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw failure;
            }

            if (!moved)
            {
                yield break;
            }

            yield return call.ResponseStream.Current.Update;
        }
    }

    /// <summary>
    /// Watches companies for as long as the caller reads: the current state of each, then every new version, across
    /// server restarts and the loss of silos. When the stream fails with <c>UNAVAILABLE</c>, <c>ABORTED</c> or a
    /// dropped connection (a reset stream, a lost connection, pings unanswered), the watch reconnects, to the next
    /// address when there are several, after a backoff (<see cref="RiskGrainsClientOptions.Reconnect"/>), and resumes
    /// with <c>resume_versions</c> set to the versions already yielded: companies unchanged meanwhile send nothing,
    /// changed ones their newest state (cause <c>CHANGE_CAUSE_SNAPSHOT</c>). A read mask is sent on every connection,
    /// so each update carries the same fields across reconnections.
    /// </summary>
    /// <remarks>
    /// For each company the versions yielded only rise: a version at or below one already yielded (or given in
    /// <paramref name="resumeVersions"/>) is never yielded. Versions a server produced while the watch was away may be
    /// skipped, as a slow reader's are (conflation); the newest state always comes. A refusal (<c>NOT_FOUND</c>,
    /// <c>INVALID_ARGUMENT</c>, <c>UNAUTHENTICATED</c>, <c>PERMISSION_DENIED</c>, <c>RESOURCE_EXHAUSTED</c>) ends the
    /// enumeration with its <see cref="RpcException"/>, as does the last failure when
    /// <see cref="BackoffOptions.MaxAttempts"/> of <see cref="RiskGrainsClientOptions.Reconnect"/> is reached.
    /// Cancelling the token throws <see cref="OperationCanceledException"/>; leaving the loop ends the stream.
    /// </remarks>
    /// <param name="companyIds">The companies, each once (repeats are dropped); every one must exist.</param>
    /// <param name="resumeVersions">Versions already held (company id → version), as from an earlier run: nothing at or below them is yielded. Each id must be among <paramref name="companyIds"/>.</param>
    /// <param name="readMask">
    /// The fields of each update's <c>risk</c> to receive, by their proto names (<c>score</c>, <c>band</c>,
    /// <c>runway_cash</c>...; docs/api.md, WatchRisk); null or empty for every field. The company id and version, the
    /// cause and the trace id always come. A name the server does not know ends the watch with <c>INVALID_ARGUMENT</c>.
    /// </param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The updates, each company's versions strictly rising.</returns>
    /// <exception cref="ArgumentException">No company, or a resume version for a company not watched.</exception>
    public async IAsyncEnumerable<RiskUpdate> WatchAsync(
        IEnumerable<string> companyIds,
        IReadOnlyDictionary<string, ulong>? resumeVersions = null,
        IEnumerable<string>? readMask = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(companyIds);
        var ids = companyIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            throw new ArgumentException("a watch needs at least one company id", nameof(companyIds));
        }

        var held = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var (id, version) in resumeVersions ?? new Dictionary<string, ulong>())
        {
            if (!ids.Contains(id, StringComparer.Ordinal))
            {
                throw new ArgumentException($"resumeVersions names '{id}', which companyIds does not", nameof(resumeVersions));
            }

            held[id] = version;
        }

        // Read once: every connection asks for the same fields.
        var paths = readMask?.ToList() ?? [];
        var mask = paths.Count == 0 ? null : new FieldMask { Paths = { paths } };
        var watched = $"{ids.Count} companies";
        await foreach (var message in Reconnecting(
            watched,
            (server, options) => Risk(server).WatchRisk(new WatchRiskRequest { CompanyIds = { ids }, ResumeVersions = { held }, ReadMask = mask }, options),
            () => $"resuming from {held.Count} versions held",
            cancellationToken).ConfigureAwait(false))
        {
            if (message.Update?.Risk is not { } risk || (held.TryGetValue(risk.CompanyId, out var last) && risk.Version <= last))
            {
                continue;
            }

            held[risk.CompanyId] = risk.Version;
            yield return message.Update;
        }
    }

    /// <summary>
    /// The messages of a server stream for as long as the caller reads, across servers: when the stream fails
    /// transiently or ends without a status it is opened again by <paramref name="open"/> (which builds its request
    /// from what the caller has seen), on the next address when the failure calls for it, after a backoff
    /// (<see cref="RiskGrainsClientOptions.Reconnect"/>). A refusal, or the last failure allowed, ends it with its
    /// <see cref="RpcException"/>.
    /// </summary>
    private async IAsyncEnumerable<T> Reconnecting<T>(
        string watched,
        Func<int, CallOptions, AsyncServerStreamingCall<T>> open,
        Func<string> resumeFrom,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reconnect = _options.Reconnect;
        var failures = 0;
        while (true)
        {
            var server = Volatile.Read(ref _current);
            var opened = Stopwatch.GetTimestamp();
            var received = false;
            RpcException? failure;
            using (var call = open(server, new CallOptions(cancellationToken: cancellationToken)))
            {
                while (true)
                {
                    (var moved, failure) = await Next(call.ResponseStream, cancellationToken).ConfigureAwait(false);
                    if (!moved)
                    {
                        break;
                    }

                    if (!received && failures > 0)
                    {
                        Log.Reconnected(_logger, watched, _servers.Address(server));
                    }

                    received = true;
                    yield return call.ResponseStream.Current;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (failure is not null && !Failures.IsTransient(failure))
            {
                throw failure;
            }

            // A connection that delivered, or lasted, was a success: the next failure starts the backoff again.
            if (received || Stopwatch.GetElapsedTime(opened) >= reconnect.MaxDelay)
            {
                failures = 0;
            }

            failures++;

            // A stream that ended without an error is no watch the service ends: something between dropped it.
            var moveOn = failure is null || Failures.CallsForAnotherServer(failure);
            failure ??= new RpcException(new Status(StatusCode.Unavailable, "the watch stream ended without a status"));
            if (failures >= (reconnect.MaxAttempts ?? int.MaxValue))
            {
                throw failure;
            }

            if (moveOn)
            {
                MoveOn(server);
            }

            var delay = reconnect.Delay(failures, Random.Shared.NextDouble());
            Log.Reconnecting(_logger, watched, _servers.Address(server), failure.StatusCode, failure.Status.Detail, delay, failures, resumeFrom());
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The next message, or the failure that ended the stream: <c>yield return</c> cannot sit in a <c>try</c> with a <c>catch</c>.</summary>
    private static async Task<(bool Moved, RpcException? Failure)> Next<T>(IAsyncStreamReader<T> stream, CancellationToken cancellationToken)
    {
        try
        {
            return (await stream.MoveNext(cancellationToken).ConfigureAwait(false), null);
        }
        catch (RpcException e)
        {
            return (false, e);
        }
    }
}

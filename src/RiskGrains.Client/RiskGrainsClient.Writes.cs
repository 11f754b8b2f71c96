using Grpc.Core;
using RiskGrains.Contract.V1;

namespace RiskGrains.Client;

// The five writes and Ingest. Each returns the company's version after the write; a write identical to the held
// state is ignored and returns the unchanged version, which is what makes a retry safe: an attempt whose answer was
// lost may have been applied, and then its retry is ignored. After a retry, PublishMarketData's `applied` and
// RemoveCommitment's `removed` describe the last attempt, so they can read false for a write an earlier attempt applied.
public sealed partial class RiskGrainsClient
{
    /// <summary>The most items <see cref="IngestAsync(IEnumerable{IngestItem}, int, TimeSpan?, CancellationToken)"/> puts in one batch by default.</summary>
    public const int DefaultIngestBatchSize = 1000;

    // Batches stay well under the server's 4 MiB receive limit, however large the items.
    private const int IngestBatchBytes = 1024 * 1024;

    /// <summary><c>UpsertCompany</c>: creates a company or replaces its profile; retried on transient failures.</summary>
    /// <param name="request">The profile.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The company's version: 1 for a new company, unchanged for an identical profile.</returns>
    public Task<UpsertCompanyResponse> UpsertCompanyAsync(UpsertCompanyRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Retried(nameof(RiskService.RiskServiceClient.UpsertCompany), (c, o) => c.UpsertCompanyAsync(request, o).ResponseAsync, timeout, cancellationToken);

    /// <summary><c>ReportFinancials</c>: adds or restates financial periods; retried on transient failures.</summary>
    /// <param name="request">The company and its periods.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The company's version, unchanged when the window came out the same.</returns>
    public Task<ReportFinancialsResponse> ReportFinancialsAsync(ReportFinancialsRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Retried(nameof(RiskService.RiskServiceClient.ReportFinancials), (c, o) => c.ReportFinancialsAsync(request, o).ResponseAsync, timeout, cancellationToken);

    /// <summary><c>UpsertCommitment</c>: adds or replaces one capex commitment; retried on transient failures.</summary>
    /// <param name="request">The company and the commitment.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The company's version, unchanged for an identical commitment.</returns>
    public Task<UpsertCommitmentResponse> UpsertCommitmentAsync(UpsertCommitmentRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Retried(nameof(RiskService.RiskServiceClient.UpsertCommitment), (c, o) => c.UpsertCommitmentAsync(request, o).ResponseAsync, timeout, cancellationToken);

    /// <summary><c>RemoveCommitment</c>: deletes one commitment; retried on transient failures.</summary>
    /// <param name="request">The company and the commitment's id.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The company's version, and whether this attempt removed the commitment.</returns>
    public Task<RemoveCommitmentResponse> RemoveCommitmentAsync(RemoveCommitmentRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Retried(nameof(RiskService.RiskServiceClient.RemoveCommitment), (c, o) => c.RemoveCommitmentAsync(request, o).ResponseAsync, timeout, cancellationToken);

    /// <summary><c>PublishMarketData</c>: one market tick; retried on transient failures (the retry carries the same <c>as_of</c>, so it is applied at most once).</summary>
    /// <param name="request">The tick.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The company's version, and whether this attempt applied the tick.</returns>
    public Task<PublishMarketDataResponse> PublishMarketDataAsync(PublishMarketDataRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Retried(nameof(RiskService.RiskServiceClient.PublishMarketData), (c, o) => c.PublishMarketDataAsync(request, o).ResponseAsync, timeout, cancellationToken);

    /// <summary>
    /// <c>Ingest</c> of a list of writes: sends them in batches (at most <paramref name="batchSize"/> items and about
    /// 1 MiB each) on one stream and returns the counts. On a transient failure the whole list is sent again on a new
    /// stream: what an earlier attempt applied is then ignored, so the counts are those of the last attempt (items
    /// applied before the failure count as ignored), and each error's <c>index</c> is the item's position in
    /// <paramref name="items"/>.
    /// </summary>
    /// <param name="items">The writes, in order; read once into a list.</param>
    /// <param name="batchSize">The most items in one batch, 1 or more.</param>
    /// <param name="timeout">The deadline of each attempt; none when null (a large load can take minutes).</param>
    /// <param name="cancellationToken">Ends the stream and its retries.</param>
    /// <returns>Items applied, conflated, ignored and rejected, and the first 100 rejections.</returns>
    public Task<IngestResponse> IngestAsync(IEnumerable<IngestItem> items, int batchSize = DefaultIngestBatchSize, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var batches = Batches(items, batchSize);
        return Retried(
            nameof(RiskService.RiskServiceClient.Ingest),
            (c, o) => SendAsync(c, o, batches.ToAsyncEnumerable()),
            timeout,
            cancellationToken,
            noDefaultDeadline: true);
    }

    /// <summary>
    /// <c>Ingest</c> as the RPC is: sends <paramref name="batches"/> on one stream as they come, for a feed, and
    /// returns the counts once they end. Not retried, as the batches cannot be read twice: on a failure, what was
    /// applied stays applied, and sending the same writes again is safe. A stream that sends nothing for the server's
    /// <c>IngestIdleTimeout</c> (1 minute by default) is ended with <c>DEADLINE_EXCEEDED</c>.
    /// </summary>
    /// <param name="batches">The batches, each under the server's message limit (4 MiB by default).</param>
    /// <param name="timeout">The deadline of the call; none when null.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>Items applied, conflated, ignored and rejected, and the first 100 rejections.</returns>
    public async Task<IngestResponse> IngestAsync(IAsyncEnumerable<IngestRequest> batches, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var call = new CallOptions(deadline: timeout is { } t ? DateTime.UtcNow + t : null, cancellationToken: cancellationToken);
        try
        {
            return await SendAsync(Risk(Volatile.Read(ref _current)), call, batches).ConfigureAwait(false);
        }
        catch (RpcException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("Ingest was cancelled", e, cancellationToken);
        }
    }

    private static async Task<IngestResponse> SendAsync(RiskService.RiskServiceClient client, CallOptions options, IAsyncEnumerable<IngestRequest> batches)
    {
        using var call = client.Ingest(options);
        try
        {
            await foreach (var batch in batches.WithCancellation(options.CancellationToken).ConfigureAwait(false))
            {
                await call.RequestStream.WriteAsync(batch, options.CancellationToken).ConfigureAwait(false);
            }

            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // The call ended while batches were still being sent: its status, read below, says why.
        }

        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <summary>Splits the items into batches of at most <paramref name="batchSize"/> items and about <see cref="IngestBatchBytes"/>; an item larger than that goes alone.</summary>
    internal static List<IngestRequest> Batches(IEnumerable<IngestItem> items, int batchSize)
    {
        var batches = new List<IngestRequest>();
        IngestRequest? current = null;
        var bytes = 0;
        foreach (var item in items)
        {
            var size = item.CalculateSize() + 5;
            if (current is null || current.Items.Count >= batchSize || (bytes + size > IngestBatchBytes && current.Items.Count > 0))
            {
                current = new IngestRequest();
                batches.Add(current);
                bytes = 0;
            }

            current.Items.Add(item);
            bytes += size;
        }

        return batches;
    }
}

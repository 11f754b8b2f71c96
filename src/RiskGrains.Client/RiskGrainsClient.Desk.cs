using System.Runtime.CompilerServices;
using RiskGrains.Contract.V1;

namespace RiskGrains.Client;

// The desk's calls: history and peers of a company, and the portfolios (PortfolioService). Reads and writes are
// retried like the others; a portfolio write carries its whole definition, so a retry is an identical write.
public sealed partial class RiskGrainsClient
{
    /// <summary><c>GetHistory</c>: a company's recorded points, oldest first, downsampled to at most <c>max_points</c>; retried on transient failures.</summary>
    /// <param name="request">The company, an optional time range and the most points wanted.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The points.</returns>
    public Task<GetHistoryResponse> GetHistoryAsync(GetHistoryRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Retried(nameof(RiskService.RiskServiceClient.GetHistory), (c, o) => c.GetHistoryAsync(request, o).ResponseAsync, timeout, cancellationToken);

    /// <summary><c>GetPeers</c>: the companies of a company's sector ranked by score, and its percentile; retried on transient failures.</summary>
    /// <param name="companyId">The company's id.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The sector, the percentile and the peers.</returns>
    public Task<GetPeersResponse> GetPeersAsync(string companyId, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Retried(nameof(RiskService.RiskServiceClient.GetPeers), (c, o) => c.GetPeersAsync(new GetPeersRequest { CompanyId = companyId }, o).ResponseAsync, timeout, cancellationToken);

    /// <summary><c>UpsertPortfolio</c>: creates a portfolio or replaces its definition; retried on transient failures.</summary>
    /// <param name="portfolio">The whole definition.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The portfolio's version: unchanged when the definition was the same.</returns>
    public Task<UpsertPortfolioResponse> UpsertPortfolioAsync(Portfolio portfolio, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Portfolios(nameof(PortfolioService.PortfolioServiceClient.UpsertPortfolio), (c, o) => c.UpsertPortfolioAsync(new UpsertPortfolioRequest { Portfolio = portfolio }, o).ResponseAsync, timeout, cancellationToken);

    /// <summary><c>RemovePortfolio</c>: deletes a portfolio; retried on transient failures (a retry of a removal that was applied is <c>NOT_FOUND</c>).</summary>
    /// <param name="portfolioId">The portfolio's id.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The version the portfolio had.</returns>
    public Task<RemovePortfolioResponse> RemovePortfolioAsync(string portfolioId, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Portfolios(nameof(PortfolioService.PortfolioServiceClient.RemovePortfolio), (c, o) => c.RemovePortfolioAsync(new RemovePortfolioRequest { PortfolioId = portfolioId }, o).ResponseAsync, timeout, cancellationToken);

    /// <summary><c>GetPortfolio</c>: a portfolio's current figures; retried on transient failures.</summary>
    /// <param name="portfolioId">The portfolio's id.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The figures.</returns>
    public async Task<PortfolioRisk> GetPortfolioAsync(string portfolioId, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await Portfolios(nameof(PortfolioService.PortfolioServiceClient.GetPortfolio), (c, o) => c.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = portfolioId }, o).ResponseAsync, timeout, cancellationToken).ConfigureAwait(false)).Risk;

    /// <summary>Every portfolio, page after page of <c>ListPortfolios</c> (each page retried on its own), in id order.</summary>
    /// <param name="pageSize">Portfolios per page, 1 to the server's maximum; 0 for the server's default.</param>
    /// <param name="cancellationToken">Ends the listing.</param>
    /// <returns>The portfolios' summaries.</returns>
    public async IAsyncEnumerable<PortfolioSummary> ListAllPortfoliosAsync(int pageSize = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListPortfoliosRequest { PageSize = pageSize };
        do
        {
            var page = await Portfolios(nameof(PortfolioService.PortfolioServiceClient.ListPortfolios), (c, o) => c.ListPortfoliosAsync(request, o).ResponseAsync, null, cancellationToken).ConfigureAwait(false);
            foreach (var portfolio in page.Portfolios)
            {
                yield return portfolio;
            }

            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
    }

    /// <summary><c>RunPortfolioScenario</c>: a portfolio's figures live and under a preset or explicit shocks; retried on transient failures.</summary>
    /// <param name="request">The portfolio, and a preset or shocks.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The base and the stressed figures.</returns>
    public Task<RunPortfolioScenarioResponse> RunPortfolioScenarioAsync(RunPortfolioScenarioRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Portfolios(nameof(PortfolioService.PortfolioServiceClient.RunPortfolioScenario), (c, o) => c.RunPortfolioScenarioAsync(request, o).ResponseAsync, timeout, cancellationToken);

    /// <summary>
    /// Watches a portfolio for as long as the caller reads: its current figures, then new ones as its members change
    /// (conflated by the server), across server restarts and the loss of silos, reconnecting as
    /// <see cref="WatchAsync"/> does. After a reconnection the current figures come again (they may equal the last
    /// ones yielded). <c>NOT_FOUND</c> (the portfolio does not exist, or was removed) ends it.
    /// </summary>
    /// <param name="portfolioId">The portfolio's id.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The figures, newest last.</returns>
    public async IAsyncEnumerable<PortfolioRisk> WatchPortfolioAsync(string portfolioId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(portfolioId);
        await foreach (var message in Reconnecting(
            $"portfolio {portfolioId}",
            (server, options) => _servers.Client<PortfolioService.PortfolioServiceClient>(server).WatchPortfolio(new WatchPortfolioRequest { PortfolioId = portfolioId }, options),
            () => "taking its current figures again",
            cancellationToken).ConfigureAwait(false))
        {
            if (message.Risk is { } risk)
            {
                yield return risk;
            }
        }
    }

    private Task<TResponse> Portfolios<TResponse>(string method, Func<PortfolioService.PortfolioServiceClient, Grpc.Core.CallOptions, Task<TResponse>> attempt, TimeSpan? timeout, CancellationToken cancellationToken) =>
        Retried<PortfolioService.PortfolioServiceClient, TResponse>(method, attempt, timeout, cancellationToken);
}

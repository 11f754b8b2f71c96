using System.Runtime.CompilerServices;
using RiskGrains.Contract.V1;

namespace RiskGrains.Client;

// The reads. They change nothing, so they are retried like the writes.
public sealed partial class RiskGrainsClient
{
    /// <summary><c>GetRisk</c>: the current risk of one company; retried on transient failures.</summary>
    /// <param name="request">The company's id.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The company's <see cref="CompanyRisk"/>.</returns>
    public Task<GetRiskResponse> GetRiskAsync(GetRiskRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Retried(nameof(RiskService.RiskServiceClient.GetRisk), (c, o) => c.GetRiskAsync(request, o).ResponseAsync, timeout, cancellationToken);

    /// <summary>The current risk of one company: <see cref="GetRiskAsync(GetRiskRequest, TimeSpan?, CancellationToken)"/> by id.</summary>
    /// <param name="companyId">The company's id.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The company's <see cref="CompanyRisk"/>.</returns>
    public async Task<CompanyRisk> GetRiskAsync(string companyId, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await GetRiskAsync(new GetRiskRequest { CompanyId = companyId }, timeout, cancellationToken).ConfigureAwait(false)).Risk;

    /// <summary><c>ListCompanies</c>: one page of companies in id order; retried on transient failures.</summary>
    /// <param name="request">The page size, the previous page's token, and an optional band.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The page, and the token of the next one (empty on the last).</returns>
    public Task<ListCompaniesResponse> ListCompaniesAsync(ListCompaniesRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Retried(nameof(RiskService.RiskServiceClient.ListCompanies), (c, o) => c.ListCompaniesAsync(request, o).ResponseAsync, timeout, cancellationToken);

    /// <summary>
    /// Every company, page after page of <c>ListCompanies</c> (each page retried on its own), optionally only those
    /// of one band. Companies created meanwhile appear if their id sorts after the page being read.
    /// </summary>
    /// <param name="band">Only companies whose latest band is this one; <see cref="Band.Unspecified"/> for all.</param>
    /// <param name="pageSize">Companies per page, 1 to the server's maximum (1000 by default); 0 for the server's default (100).</param>
    /// <param name="cancellationToken">Ends the listing.</param>
    /// <returns>The companies in id order.</returns>
    public async IAsyncEnumerable<CompanySummary> ListAllCompaniesAsync(Band band = Band.Unspecified, int pageSize = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListCompaniesRequest { Band = band, PageSize = pageSize };
        do
        {
            var page = await ListCompaniesAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var company in page.Companies)
            {
                yield return company;
            }

            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
    }

    /// <summary><c>RunScenario</c>: companies' risk under a preset or explicit shocks, nothing changed; retried on transient failures.</summary>
    /// <param name="request">The companies, and a preset or shocks.</param>
    /// <param name="timeout">The deadline of each attempt; <see cref="RiskGrainsClientOptions.CallTimeout"/> when null.</param>
    /// <param name="cancellationToken">Ends the call and its retries.</param>
    /// <returns>The shocks applied and, per company, its base and stressed risk and the deltas.</returns>
    public Task<RunScenarioResponse> RunScenarioAsync(RunScenarioRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Retried(nameof(RiskService.RiskServiceClient.RunScenario), (c, o) => c.RunScenarioAsync(request, o).ResponseAsync, timeout, cancellationToken);
}

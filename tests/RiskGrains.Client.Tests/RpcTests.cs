using Grpc.Core;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Tests;

namespace RiskGrains.Client.Tests;

/// <summary>Every method of the client against the real service in ApiKey mode, with a writer's key over h2c.</summary>
public sealed class RpcTests(ApiKeyService service) : IClassFixture<ApiKeyService>, IDisposable
{
    private readonly ClientLog _log = new();
    private RiskGrainsClient? _client;

    private RiskGrainsClient Client => _client ??= ClientFor(ApiKeyService.Writer);

    public void Dispose()
    {
        _client?.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Each_write_returns_the_next_version_and_an_identical_write_returns_the_unchanged_one()
    {
        var id = Requests.NewCompanyId("CW");
        var tick = Requests.Tick(id, DateTimeOffset.UtcNow.AddSeconds(-5));
        var remove = new RemoveCommitmentRequest { CompanyId = id, CommitmentId = "dc-1" };

        Assert.Equal(1UL, (await Client.UpsertCompanyAsync(Requests.Company(id))).Version);
        Assert.Equal(1UL, (await Client.UpsertCompanyAsync(Requests.Company(id))).Version);
        Assert.Equal(2UL, (await Client.ReportFinancialsAsync(Requests.Financials(id))).Version);
        Assert.Equal(2UL, (await Client.ReportFinancialsAsync(Requests.Financials(id))).Version);
        Assert.Equal(3UL, (await Client.UpsertCommitmentAsync(Requests.Commitment(id))).Version);
        Assert.Equal(3UL, (await Client.UpsertCommitmentAsync(Requests.Commitment(id))).Version);
        Assert.Equal((4UL, true), Pair(await Client.PublishMarketDataAsync(tick)));
        Assert.Equal((4UL, false), Pair(await Client.PublishMarketDataAsync(tick)));
        Assert.Equal((5UL, true), Pair(await Client.RemoveCommitmentAsync(remove)));
        Assert.Equal((5UL, false), Pair(await Client.RemoveCommitmentAsync(remove)));

        var risk = await Client.GetRiskAsync(id);
        Assert.Equal((5UL, 0, true, ApiKeyService.Writer), (risk.Version, risk.Inputs.Commitments, risk.Inputs.HasMarketData, risk.ChangedBy));
        Assert.Empty(_log.Retries);
    }

    [Fact]
    public async Task GetRisk_by_request_and_by_id_return_the_same_state()
    {
        var byRequest = await Client.GetRiskAsync(new GetRiskRequest { CompanyId = service.CompanyId }, TimeSpan.FromSeconds(5));
        var byId = await Client.GetRiskAsync(service.CompanyId);

        Assert.Equal(service.CompanyId, byId.CompanyId);
        Assert.Equal(byRequest.Risk, byId);
        Assert.True(byId.HasScore);
    }

    [Fact]
    public async Task Ingest_of_items_sends_them_in_batches_and_returns_the_counts_with_each_error_at_its_position_in_the_list()
    {
        var id = Requests.NewCompanyId("IG");
        IngestItem[] items =
        [
            new() { UpsertCompany = Requests.Company(id) },
            new() { ReportFinancials = Requests.Financials(id) },
            new() { PublishMarketData = Requests.Tick(id, DateTimeOffset.UtcNow.AddSeconds(-5)) },
            new() { PublishMarketData = Requests.Tick("GHOST-" + id[..10], DateTimeOffset.UtcNow.AddSeconds(-5)) },
            new(),
        ];

        // Two items a batch: three batches on one stream.
        var first = await Client.IngestAsync(items, batchSize: 2);
        var again = await Client.IngestAsync(items, batchSize: 2);

        Assert.Equal((3UL, 0UL, 2UL), (first.Applied, first.Ignored, first.Rejected));
        Assert.Equal([3UL, 4UL], first.Errors.Select(e => e.Index));
        Assert.Contains("unknown", first.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal((0UL, 3UL, 2UL), (again.Applied, again.Ignored, again.Rejected));
        Assert.Equal(3UL, (await Client.GetRiskAsync(id)).Version);
    }

    [Fact]
    public async Task Ingest_of_a_stream_of_batches_returns_the_counts_once_it_ends()
    {
        var id = Requests.NewCompanyId("IS");
        async IAsyncEnumerable<IngestRequest> Feed()
        {
            yield return new IngestRequest { Items = { new IngestItem { UpsertCompany = Requests.Company(id) } } };
            await Task.Delay(50);
            yield return new IngestRequest { Items = { new IngestItem { ReportFinancials = Requests.Financials(id) } } };
        }

        var counts = await Client.IngestAsync(Feed(), TimeSpan.FromSeconds(30));

        Assert.Equal((2UL, 0UL, 0UL), (counts.Applied, counts.Ignored, counts.Rejected));
        Assert.Equal(2UL, (await Client.GetRiskAsync(id)).Version);
    }

    [Fact]
    public async Task ListCompanies_returns_a_page_and_the_token_of_the_next()
    {
        var page = await Client.ListCompaniesAsync(new ListCompaniesRequest { PageSize = 1 });

        Assert.Single(page.Companies);
        Assert.NotEmpty(page.NextPageToken);
    }

    [Fact]
    public async Task ListAllCompanies_reads_every_page_in_id_order()
    {
        var prefix = Requests.NewCompanyId("LS")[..12];
        var ids = Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}").ToArray();
        foreach (var id in ids)
        {
            await Client.UpsertCompanyAsync(Requests.Company(id));
        }

        var all = await Client.ListAllCompaniesAsync(pageSize: 2).Select(c => c.CompanyId).ToListAsync();
        var onePage = await Client.ListCompaniesAsync(new ListCompaniesRequest { PageSize = 1000 });

        Assert.Equal(ids, all.Where(c => c.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Equal(onePage.Companies.Select(c => c.CompanyId), all);
        Assert.Equal(all.Order(StringComparer.Ordinal), all);
    }

    [Fact]
    public async Task RunScenario_returns_the_base_and_stressed_risk_of_each_company()
    {
        var response = await Client.RunScenarioAsync(new RunScenarioRequest { CompanyIds = { service.CompanyId }, Preset = "credit-freeze" });

        var result = Assert.Single(response.Results);
        Assert.Equal(("credit-freeze", service.CompanyId), (response.Preset, result.CompanyId));
        Assert.True(response.Shocks.CreditWindowClosed);
        Assert.True(result.Stressed.Score > result.Base.Score, $"{result.Stressed.Score} > {result.Base.Score}");
    }

    [Fact]
    public async Task WatchRisk_sends_the_current_state_then_each_new_version()
    {
        var id = Requests.NewCompanyId("WR");
        var created = await CreateAsync(id);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var watch = Client.WatchRiskAsync(new WatchRiskRequest { CompanyIds = { id } }, cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.True(await watch.MoveNextAsync());
        var snapshot = watch.Current;
        var tick = await Client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow.AddSeconds(-1)));
        Assert.True(await watch.MoveNextAsync());

        Assert.Equal((created, ChangeCause.Snapshot), (snapshot.Risk.Version, snapshot.Cause));
        Assert.Equal((tick.Version, ChangeCause.Market), (watch.Current.Risk.Version, watch.Current.Cause));
    }

    [Fact]
    public async Task Watch_starts_after_the_versions_given_and_yields_each_company_s_changes()
    {
        var (a, b) = (Requests.NewCompanyId("WA"), Requests.NewCompanyId("WB"));
        var versionA = await CreateAsync(a);
        var versionB = await CreateAsync(b);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        // B is held at its current version: the watch yields A's state, then B's next version only.
        await using var watch = Client.WatchAsync([a, b, a], new Dictionary<string, ulong> { [b] = versionB }, cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await watch.MoveNextAsync());
        var first = watch.Current;
        var tick = await Client.PublishMarketDataAsync(Requests.Tick(b, DateTimeOffset.UtcNow.AddSeconds(-1)));
        Assert.True(await watch.MoveNextAsync());

        Assert.Equal((a, versionA, ChangeCause.Snapshot), (first.Risk.CompanyId, first.Risk.Version, first.Cause));
        Assert.Equal((b, versionB + 1, ChangeCause.Market), (watch.Current.Risk.CompanyId, tick.Version, watch.Current.Cause));
        Assert.Equal(tick.Version, watch.Current.Risk.Version);
    }

    [Fact]
    public async Task Watch_of_an_unknown_company_ends_with_NOT_FOUND_without_reconnecting()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in Client.WatchAsync(["NOPE-" + Guid.NewGuid().ToString("N")[..8]], cancellationToken: cancel.Token))
            {
            }
        });

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Empty(_log.Reconnections);
    }

    [Fact]
    public async Task Watch_with_a_resume_version_of_a_company_not_watched_is_refused_before_any_call() =>
        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in Client.WatchAsync([service.CompanyId], new Dictionary<string, ulong> { ["OTHER"] = 3 }))
            {
            }
        });

    [Fact]
    public async Task Cancelling_a_watch_throws_OperationCanceledException()
    {
        using var cancel = new CancellationTokenSource();
        var updates = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Client.WatchAsync([service.CompanyId], cancellationToken: cancel.Token))
            {
                updates++;
                await cancel.CancelAsync();
            }
        });

        Assert.Equal(1, updates);
    }

    [Fact]
    public async Task An_unknown_company_is_NOT_FOUND_at_once_without_a_retry()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.GetRiskAsync("NOPE-" + Guid.NewGuid().ToString("N")[..8]));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Empty(_log.Retries);
    }

    [Fact]
    public async Task An_invalid_write_is_INVALID_ARGUMENT_at_once_without_a_retry()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ReportFinancialsAsync(new ReportFinancialsRequest { CompanyId = service.CompanyId }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Empty(_log.Retries);
    }

    [Fact]
    public async Task A_reader_s_write_is_PERMISSION_DENIED_at_once_without_a_retry()
    {
        using var reader = ClientFor(ApiKeyService.Reader);

        var error = await Assert.ThrowsAsync<RpcException>(() => reader.UpsertCompanyAsync(Requests.Company(service.CompanyId)));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(service.CompanyId, (await reader.GetRiskAsync(service.CompanyId)).CompanyId);
        Assert.Empty(_log.Retries);
    }

    [Fact]
    public async Task A_client_without_credentials_is_UNAUTHENTICATED_at_once_without_a_retry()
    {
        using var anonymous = new RiskGrainsClient(new RiskGrainsClientOptions { Address = service.Host.Address }, _log.Factory);

        var error = await Assert.ThrowsAsync<RpcException>(() => anonymous.GetRiskAsync(service.CompanyId));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Empty(_log.Retries);
    }

    [Fact]
    public async Task An_attempt_past_its_deadline_is_retried_until_the_attempts_are_spent()
    {
        using var client = new RiskGrainsClient(
            new RiskGrainsClientOptions { Address = service.Host.Address, ApiKey = service.Keys[ApiKeyService.Writer], Retry = { MaxAttempts = 3, InitialDelay = TimeSpan.FromMilliseconds(10) } },
            _log.Factory);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UpsertCompanyAsync(Requests.Company(service.CompanyId), timeout: TimeSpan.FromTicks(1)));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal(2, _log.Retries.Count);
        Assert.All(_log.Retries, r => Assert.Contains(nameof(StatusCode.DeadlineExceeded), r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cancelled_call_throws_OperationCanceledException()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.GetRiskAsync(service.CompanyId, cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task A_client_over_a_channel_of_the_caller_calls_through_it()
    {
        using var client = new RiskGrainsClient(service.Host.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetRiskAsync(service.CompanyId));

        // The host's own channel sends no credentials.
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    private static (ulong, bool) Pair(PublishMarketDataResponse response) => (response.Version, response.Applied);

    private static (ulong, bool) Pair(RemoveCommitmentResponse response) => (response.Version, response.Removed);

    private RiskGrainsClient ClientFor(string caller) =>
        new(new RiskGrainsClientOptions { Address = service.Host.Address, ApiKey = service.Keys[caller] }, _log.Factory);

    private async Task<ulong> CreateAsync(string id)
    {
        await Client.UpsertCompanyAsync(Requests.Company(id));
        await Client.ReportFinancialsAsync(Requests.Financials(id));
        return (await Client.UpsertCommitmentAsync(Requests.Commitment(id))).Version;
    }
}

using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Watch;

namespace RiskGrains.Server.Tests;

[Collection(SharedServiceCollection.Name)]
public sealed class EndToEndTests(SharedService service)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly RiskService.RiskServiceClient _client = service.Host.Client;

    [Fact]
    public async Task A_write_is_readable_and_reaches_a_watcher_with_its_version_and_cause()
    {
        var id = Requests.NewCompanyId();
        var created = await Requests.CreateAsync(_client, id);
        Assert.Equal(3UL, created);

        var risk = (await _client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
        Assert.Equal(3UL, risk.Version);
        Assert.Equal(120, risk.Liquidity);
        Assert.Equal(280, risk.AdjustedDebt);
        Assert.Equal(280.0 / 120.0, risk.AdjustedDebtToCash, 12);
        Assert.Equal(20, risk.CommitmentsRemaining);

        using var cancel = new CancellationTokenSource(Patience);
        using var watch = _client.WatchRisk(new WatchRiskRequest { CompanyIds = { id } }, cancellationToken: cancel.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        var first = watch.ResponseStream.Current.Update;
        Assert.Equal(3UL, first.Risk.Version);
        Assert.Equal(ChangeCause.Snapshot, first.Cause);

        var written = await _client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow));
        Assert.True(written.Applied);
        Assert.Equal(4UL, written.Version);

        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        var update = watch.ResponseStream.Current.Update;
        Assert.Equal(4UL, update.Risk.Version);
        Assert.Equal(ChangeCause.Market, update.Cause);
        Assert.Matches("^[0-9a-f]{32}$", update.TraceId);
        Assert.True(update.Risk.Inputs.HasMarketData);
        Assert.True(update.Risk.HasDistanceToDefault);
    }

    [Fact]
    public async Task Cancelling_a_watch_releases_its_stream_and_subscriptions()
    {
        var hub = service.Host.Services.GetRequiredService<WatchHub>();
        var ids = new[] { Requests.NewCompanyId("W"), Requests.NewCompanyId("W") };
        foreach (var id in ids)
        {
            await Requests.CreateAsync(_client, id);
        }

        using (var cancel = new CancellationTokenSource(Patience))
        {
            using var watch = _client.WatchRisk(new WatchRiskRequest { CompanyIds = { ids } }, cancellationToken: cancel.Token);
            Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
            Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
            Assert.True(hub.IsWatched(ids[0]));
            Assert.True(hub.IsWatched(ids[1]));
            await cancel.CancelAsync();
        }

        await Eventually.True(() => !hub.IsWatched(ids[0]) && !hub.IsWatched(ids[1]), Patience);
        Assert.False(hub.IsWatched(ids[0]));
        Assert.False(hub.IsWatched(ids[1]));
    }

    [Fact]
    public async Task A_stalled_watcher_neither_blocks_writes_nor_other_watchers_and_still_gets_the_newest_version()
    {
        var id = Requests.NewCompanyId("S");
        await Requests.CreateAsync(_client, id);
        using var cancel = new CancellationTokenSource(Patience * 2);
        using var stalled = _client.WatchRisk(new WatchRiskRequest { CompanyIds = { id } }, cancellationToken: cancel.Token);
        using var reader = _client.WatchRisk(new WatchRiskRequest { CompanyIds = { id } }, cancellationToken: cancel.Token);
        Assert.True(await reader.ResponseStream.MoveNext(cancel.Token));

        const int ticks = 300;
        var start = DateTimeOffset.UtcNow;
        ulong last = 0;
        for (var i = 1; i <= ticks; i++)
        {
            last = (await _client.PublishMarketDataAsync(Requests.Tick(id, start.AddMilliseconds(i), 1000 + i), cancellationToken: cancel.Token)).Version;
        }

        ulong seen = 0;
        while (seen < last && await reader.ResponseStream.MoveNext(cancel.Token))
        {
            var version = reader.ResponseStream.Current.Update.Risk.Version;
            Assert.True(version > seen, "versions must rise");
            seen = version;
        }

        Assert.Equal(last, seen);

        // The stalled stream now reads: it may skip versions, but it ends on the newest one.
        var received = 0;
        ulong stalledSeen = 0;
        while (stalledSeen < last && await stalled.ResponseStream.MoveNext(cancel.Token))
        {
            var version = stalled.ResponseStream.Current.Update.Risk.Version;
            Assert.True(version > stalledSeen, "versions must rise");
            stalledSeen = version;
            received++;
        }

        Assert.Equal(last, stalledSeen);
        Assert.True(received <= ticks + 1);
    }

    [Fact]
    public async Task Reads_of_an_unknown_company_are_not_found()
    {
        var id = Requests.NewCompanyId("U");
        var get = await Assert.ThrowsAsync<RpcException>(() => _client.GetRiskAsync(new GetRiskRequest { CompanyId = id }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, get.StatusCode);
        Assert.Contains(id, get.Status.Detail);

        using var watch = _client.WatchRisk(new WatchRiskRequest { CompanyIds = { id } });
        var watched = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.NotFound, watched.StatusCode);
        Assert.Contains(id, watched.Status.Detail);
    }

    [Fact]
    public async Task Writes_to_an_unknown_company_are_not_found_and_create_nothing()
    {
        var id = Requests.NewCompanyId("U");
        var write = await Assert.ThrowsAsync<RpcException>(() => _client.ReportFinancialsAsync(Requests.Financials(id)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, write.StatusCode);
        var get = await Assert.ThrowsAsync<RpcException>(() => _client.GetRiskAsync(new GetRiskRequest { CompanyId = id }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Stale_and_duplicate_ticks_are_ignored_and_change_nothing()
    {
        var id = Requests.NewCompanyId();
        await Requests.CreateAsync(_client, id);
        var now = DateTimeOffset.UtcNow;
        var applied = await _client.PublishMarketDataAsync(Requests.Tick(id, now, 2000));
        Assert.True(applied.Applied);

        var duplicate = await _client.PublishMarketDataAsync(Requests.Tick(id, now, 2000));
        var stale = await _client.PublishMarketDataAsync(Requests.Tick(id, now.AddSeconds(-1), 5));
        Assert.False(duplicate.Applied);
        Assert.False(stale.Applied);
        Assert.Equal(applied.Version, duplicate.Version);
        Assert.Equal(applied.Version, stale.Version);

        var risk = (await _client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
        Assert.Equal(applied.Version, risk.Version);
    }

    [Fact]
    public async Task Duplicate_fundamentals_writes_are_ignored_without_a_new_version()
    {
        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        Assert.Equal(version, (await _client.UpsertCompanyAsync(Requests.Company(id))).Version);
        Assert.Equal(version, (await _client.ReportFinancialsAsync(Requests.Financials(id))).Version);
        Assert.Equal(version, (await _client.UpsertCommitmentAsync(Requests.Commitment(id))).Version);
        var removed = await _client.RemoveCommitmentAsync(new RemoveCommitmentRequest { CompanyId = id, CommitmentId = "missing" });
        Assert.False(removed.Removed);
        Assert.Equal(version, removed.Version);
    }

    [Fact]
    public async Task Ingest_counts_applied_ignored_and_rejected_items_and_names_each_error()
    {
        var id = Requests.NewCompanyId("I");
        var now = DateTimeOffset.UtcNow;
        using var call = _client.Ingest();
        var batch = new IngestRequest();
        batch.Items.Add(new IngestItem { UpsertCompany = Requests.Company(id) });                  // 0 applied
        batch.Items.Add(new IngestItem { ReportFinancials = Requests.Financials(id) });            // 1 applied
        batch.Items.Add(new IngestItem { UpsertCommitment = Requests.Commitment(id) });            // 2 applied
        batch.Items.Add(new IngestItem { PublishMarketData = Requests.Tick(id, now) });            // 3 applied
        batch.Items.Add(new IngestItem { PublishMarketData = Requests.Tick(id, now.AddSeconds(-5)) }); // 4 ignored: stale
        var bad = Requests.Tick(id, now.AddSeconds(1));
        bad.MarketData.MarketCap = double.NaN;
        batch.Items.Add(new IngestItem { PublishMarketData = bad });                                // 5 rejected
        await call.RequestStream.WriteAsync(batch);

        var second = new IngestRequest();
        second.Items.Add(new IngestItem { PublishMarketData = Requests.Tick(id, now.AddSeconds(2)) });              // 6 applied
        second.Items.Add(new IngestItem { ReportFinancials = Requests.Financials(Requests.NewCompanyId("U")) });   // 7 rejected: unknown
        second.Items.Add(new IngestItem());                                                                       // 8 rejected: empty
        await call.RequestStream.WriteAsync(second);
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;

        Assert.Equal(5UL, response.Applied);
        Assert.Equal(1UL, response.Ignored);
        Assert.Equal(3UL, response.Rejected);
        Assert.Equal([5UL, 7UL, 8UL], response.Errors.Select(e => e.Index));
        Assert.Contains("publish_market_data.market_data.market_cap", response.Errors[0].Message);
        Assert.Contains("unknown", response.Errors[1].Message);

        var risk = (await _client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
        Assert.Equal(5UL, risk.Version);
    }

    [Fact]
    public async Task Ingest_applies_only_the_newest_of_a_batchs_ticks_and_counts_a_superseded_one_as_conflated_a_stale_one_as_ignored()
    {
        var id = Requests.NewCompanyId("IC");
        var version = await Requests.CreateAsync(_client, id);
        var now = DateTimeOffset.UtcNow;
        using var call = _client.Ingest();
        var batch = new IngestRequest();
        batch.Items.Add(new IngestItem { PublishMarketData = Requests.Tick(id, now.AddSeconds(1), 1100) });
        batch.Items.Add(new IngestItem { PublishMarketData = Requests.Tick(id, now.AddSeconds(3), 1300) });
        batch.Items.Add(new IngestItem { PublishMarketData = Requests.Tick(id, now.AddSeconds(2), 1200) });
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;

        Assert.Equal((1UL, 1UL, 1UL, 0UL), (response.Applied, response.Conflated, response.Ignored, response.Rejected));
        var risk = (await _client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
        Assert.Equal(version + 1, risk.Version);
        Assert.Equal(now.AddSeconds(3), risk.Inputs.MarketAsOf.ToDateTimeOffset());
    }

    [Fact]
    public async Task An_Ingest_feed_of_ticks_through_the_market_board_counts_every_tick_once_and_answers_after_the_newest_is_applied()
    {
        var ids = Enumerable.Range(0, 20).Select(_ => Requests.NewCompanyId("IB")).ToArray();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        var versions = new Dictionary<string, ulong>();
        foreach (var id in ids)
        {
            await Requests.CreateAsync(_client, id);

            // The first tick comes as a call and puts the company on the board; the feed's ticks then wait there.
            versions[id] = (await _client.PublishMarketDataAsync(Requests.Tick(id, start, 1000))).Version;
        }

        using var call = _client.Ingest();
        for (var b = 1; b <= 50; b++)
        {
            var batch = new IngestRequest();
            foreach (var id in ids)
            {
                batch.Items.Add(new IngestItem { PublishMarketData = Requests.Tick(id, start.AddMilliseconds(b), 1000 + b) });
                batch.Items.Add(new IngestItem { PublishMarketData = Requests.Tick(id, start.AddMilliseconds(-b), 900) });
            }

            await call.RequestStream.WriteAsync(batch);
        }

        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;

        Assert.Equal((1_000UL, 0UL), (response.Ignored, response.Rejected));
        Assert.Equal(1_000UL, response.Applied + response.Conflated);
        Assert.InRange(response.Applied, (ulong)ids.Length, 1_000UL);
        var applied = 0UL;
        foreach (var id in ids)
        {
            var risk = (await _client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
            Assert.Equal(start.AddMilliseconds(50), risk.Inputs.MarketAsOf.ToDateTimeOffset());
            applied += risk.Version - versions[id];
        }

        Assert.Equal(response.Applied, applied);
    }

    [Fact]
    public async Task ListCompanies_pages_in_id_order_and_rejects_a_forged_token()
    {
        var prefix = "L" + Guid.NewGuid().ToString("N")[..6];
        var ids = Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}").ToArray();
        foreach (var id in ids)
        {
            await _client.UpsertCompanyAsync(Requests.Company(id));
        }

        var listed = new List<string>();
        var token = "";
        do
        {
            var page = await _client.ListCompaniesAsync(new ListCompaniesRequest { PageSize = 2, PageToken = token });
            Assert.True(page.Companies.Count <= 2);
            listed.AddRange(page.Companies.Select(c => c.CompanyId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        Assert.Equal(ids, listed.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)));

        var forged = await Assert.ThrowsAsync<RpcException>(() => _client.ListCompaniesAsync(new ListCompaniesRequest { PageToken = "not-a-token" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, forged.StatusCode);
        Assert.Contains("page_token", forged.Status.Detail);
        var oversized = await Assert.ThrowsAsync<RpcException>(() => _client.ListCompaniesAsync(new ListCompaniesRequest { PageSize = 5000 }).ResponseAsync);
        Assert.Contains("page_size", oversized.Status.Detail);
    }

    [Fact]
    public async Task ListCompanies_filters_by_band()
    {
        var id = Requests.NewCompanyId("B");
        await Requests.CreateAsync(_client, id);
        var band = (await _client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk.Band;
        Assert.NotEqual(Band.Unspecified, band);

        await Eventually.True(async () => (await AllOfBand(band)).Contains(id), Patience);
        Assert.Contains(id, await AllOfBand(band));
        foreach (var other in Enum.GetValues<Band>().Where(b => b != band && b != Band.Unspecified))
        {
            Assert.DoesNotContain(id, await AllOfBand(other));
        }
    }

    private async Task<List<string>> AllOfBand(Band band)
    {
        var ids = new List<string>();
        var token = "";
        do
        {
            var page = await _client.ListCompaniesAsync(new ListCompaniesRequest { PageSize = 1000, PageToken = token, Band = band });
            ids.AddRange(page.Companies.Select(c => c.CompanyId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return ids;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Grpc;

namespace RiskGrains.Server.Tests;

/// <summary>
/// The bounds on what a client can hold open or make the server keep: half-sent and idle Ingest streams
/// end, streams per caller are bounded, a company's commitment book is bounded. Each refusal names its
/// setting; the small limits are those of <see cref="LimitedService"/>.
/// </summary>
public sealed class StreamLimitsTests(LimitedService service) : IClassFixture<LimitedService>
{
    private readonly ServiceHost _host = service.Host;

    private RiskService.RiskServiceClient Client => _host.Client;

    private StreamQuotas Quotas => _host.Services.GetRequiredService<StreamQuotas>();

    [Fact]
    public async Task A_stream_holding_all_but_the_last_byte_of_a_message_is_ended_after_the_idle_timeout_naming_the_setting()
    {
        using var release = new CancellationTokenSource();
        using var http = new HttpClient();
        var body = new HalfSentMessage(1024 * 1024, release.Token);
        using var request = Ingest(body);
        var watch = Stopwatch.StartNew();

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(body.Sent.Task.IsCompleted);
        Assert.InRange(watch.Elapsed, LimitedService.IngestIdleTimeout - TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(20));
        Assert.Equal(((int)StatusCode.DeadlineExceeded).ToString(System.Globalization.CultureInfo.InvariantCulture), Header(response, "grpc-status"));
        Assert.Contains("no complete message for RiskGrains:Limits:IngestIdleTimeout (00:00:02)", Uri.UnescapeDataString(Header(response, "grpc-message")));
        await release.CancelAsync();
        Assert.True(await Eventually.True(() => Quotas.Ingest.Open == 0), "the stream's place was not given back");
    }

    [Fact]
    public async Task A_client_that_leaves_in_the_middle_of_a_message_gives_its_stream_back_at_once()
    {
        using var leave = new CancellationTokenSource();
        using var http = new HttpClient();
        var body = new HalfSentMessage(1024 * 1024, leave.Token);
        using var request = Ingest(body);
        var sending = http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, leave.Token);
        await body.Sent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await Eventually.True(() => Quotas.Ingest.Open == 1));

        await leave.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        Assert.True(await Eventually.True(() => Quotas.Ingest.Open == 0, timeout: LimitedService.IngestIdleTimeout / 2), "the stream was held after its client left");
    }

    [Fact]
    public async Task An_ingest_stream_that_sends_nothing_more_is_ended_and_what_it_sent_stays_applied()
    {
        var id = Requests.NewCompanyId("IDLE");
        await Client.UpsertCompanyAsync(Requests.Company(id));
        using var call = Client.Ingest();
        var batch = new IngestRequest();
        batch.Items.Add(new IngestItem { ReportFinancials = Requests.Financials(id) });
        await call.RequestStream.WriteAsync(batch);

        var error = await Refusals.AssertStatus(() => call.ResponseAsync, StatusCode.DeadlineExceeded, "RiskGrains:Limits:IngestIdleTimeout");

        Assert.Contains("what was applied stays applied", error.Status.Detail);
        Assert.Equal(1, (await Client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk.Inputs.Periods);
    }

    [Fact]
    public async Task A_third_ingest_stream_of_one_caller_is_refused_naming_the_setting_and_a_closed_one_frees_its_place()
    {
        using var first = Client.Ingest();
        using var second = Client.Ingest();
        await first.RequestStream.WriteAsync(new IngestRequest());
        await second.RequestStream.WriteAsync(new IngestRequest());
        Assert.True(await Eventually.True(() => Quotas.Ingest.Open == 2));

        using (var third = Client.Ingest())
        {
            await Refusals.AssertStatus(
                () => third.ResponseAsync,
                StatusCode.ResourceExhausted,
                "'anonymous' has 2 Ingest streams open, the most RiskGrains:Limits:MaxIngestStreamsPerPrincipal allows");
        }

        await first.RequestStream.CompleteAsync();
        Assert.Equal(0UL, (await first.ResponseAsync).Applied);
        using var again = Client.Ingest();
        await again.RequestStream.CompleteAsync();
        Assert.Equal(0UL, (await again.ResponseAsync).Rejected);
        await second.RequestStream.CompleteAsync();
        await second.ResponseAsync;
    }

    [Fact]
    public async Task A_third_watch_of_one_caller_is_refused_naming_the_setting_and_a_cancelled_one_frees_its_place()
    {
        var id = Requests.NewCompanyId("WQ");
        await Client.UpsertCompanyAsync(Requests.Company(id));
        var request = new WatchRiskRequest { CompanyIds = { id } };
        using var first = Client.WatchRisk(request);
        using var second = Client.WatchRisk(request);
        Assert.True(await first.ResponseStream.MoveNext(CancellationToken.None));
        Assert.True(await second.ResponseStream.MoveNext(CancellationToken.None));

        using (var third = Client.WatchRisk(request))
        {
            await Refusals.AssertStatus(
                () => third.ResponseStream.MoveNext(CancellationToken.None),
                StatusCode.ResourceExhausted,
                "'anonymous' has 2 WatchRisk streams open, the most RiskGrains:Limits:MaxWatchStreamsPerPrincipal allows");
        }

        first.Dispose();
        Assert.True(await Eventually.True(() => Quotas.Watch.Open == 1));
        using var again = Client.WatchRisk(request);
        Assert.True(await again.ResponseStream.MoveNext(CancellationToken.None));
    }

    [Fact]
    public async Task A_commitment_past_the_book_limit_is_refused_naming_the_setting_and_changes_nothing()
    {
        var id = Requests.NewCompanyId("BOOK");
        await Client.UpsertCompanyAsync(Requests.Company(id));
        for (var i = 1; i <= 3; i++)
        {
            await Client.UpsertCommitmentAsync(Requests.Commitment(id, $"c-{i}"));
        }

        var version = (await Client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk.Version;

        await Refusals.AssertStatus(
            () => Client.UpsertCommitmentAsync(Requests.Commitment(id, "c-4")).ResponseAsync,
            StatusCode.FailedPrecondition,
            $"company '{id}' holds 3 commitments, the most RiskGrains:Limits:MaxCommitmentsPerCompany allows");
        using (var call = Client.Ingest())
        {
            var batch = new IngestRequest();
            batch.Items.Add(new IngestItem { UpsertCommitment = Requests.Commitment(id, "c-5") });
            await call.RequestStream.WriteAsync(batch);
            await call.RequestStream.CompleteAsync();
            var response = await call.ResponseAsync;
            Assert.Equal(1UL, response.Rejected);
            Assert.Contains("RiskGrains:Limits:MaxCommitmentsPerCompany", Assert.Single(response.Errors).Message);
        }

        var risk = (await Client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
        Assert.Equal((version, 3), (risk.Version, risk.Inputs.Commitments));

        // A full book still takes a replacement, and a removal makes room.
        Assert.Equal(version + 1, (await Client.UpsertCommitmentAsync(Requests.Commitment(id, "c-2", amount: 99))).Version);
        await Client.RemoveCommitmentAsync(new RemoveCommitmentRequest { CompanyId = id, CommitmentId = "c-1" });
        Assert.Equal(version + 3, (await Client.UpsertCommitmentAsync(Requests.Commitment(id, "c-4"))).Version);
    }

    [Fact]
    public void The_quota_bounds_all_callers_together_and_each_caller_alone_and_gives_places_back()
    {
        var quota = new StreamQuota("Ingest", 3, "MaxIngestStreams", 2, "MaxIngestStreamsPerPrincipal");
        using var a1 = quota.Enter("alice");
        var a2 = quota.Enter("alice");
        var alice = Assert.Throws<RpcException>(() => quota.Enter("alice"));
        using var b1 = quota.Enter("bob");
        var full = Assert.Throws<RpcException>(() => quota.Enter("carol"));

        Assert.Equal(StatusCode.ResourceExhausted, alice.StatusCode);
        Assert.Equal("'alice' has 2 Ingest streams open, the most RiskGrains:Limits:MaxIngestStreamsPerPrincipal allows; close one first", alice.Status.Detail);
        Assert.Equal("3 Ingest streams are open on this server, the most RiskGrains:Limits:MaxIngestStreams allows; retry later", full.Status.Detail);
        a2.Dispose();
        a2.Dispose();
        Assert.Equal(2, quota.Open);
        using var c1 = quota.Enter("carol");
        Assert.Equal(3, quota.Open);
    }

    private HttpRequestMessage Ingest(HttpContent body)
    {
        body.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_host.Address, "/riskgrains.v1.RiskService/Ingest"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = body,
        };
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        return request;
    }

    // A status sent before any message travels in the headers (trailers-only).
    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}

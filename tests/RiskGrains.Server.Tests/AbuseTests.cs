using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using RiskGrains.Contract.V1;
using Xunit.Abstractions;

namespace RiskGrains.Server.Tests;

/// <summary>
/// Abuse of a real server process. After each: the server still answers, its resident memory stays
/// within <see cref="MemoryBound"/> of what it held before any abuse, every refused request changed
/// nothing, and another client's watch keeps flowing.
/// </summary>
[Trait("Category", "Process")]
public sealed class AbuseTests(AbuseServer fixture, ITestOutputHelper output) : IClassFixture<AbuseServer>
{
    private const long MiB = 1024 * 1024;

    /// <summary>
    /// What the server may hold over its baseline at any point of the abuse, all scenarios together and
    /// in any order: the server GC keeps what it once took, so the figure only grows. 2,000 stalled
    /// streams take the most (about 400 MB on the machine of docs/performance.md).
    /// </summary>
    private const long MemoryBound = 768 * MiB;

    private RiskService.RiskServiceClient Client => fixture.Client;

    [Fact]
    public async Task NaN_and_infinities_in_every_numeric_field_of_every_request_are_refused_by_field_and_change_nothing()
    {
        var version = await VersionOf(fixture.Watched);
        var requests = new IMessage[]
        {
            FullFinancials(fixture.Watched),
            Requests.Commitment(fixture.Watched, "nan-probe"),
            Tick(fixture.Watched),
            new RunScenarioRequest { CompanyIds = { fixture.Watched }, Shocks = new ScenarioShocks { VolatilityMultiplier = 1.2 } },
        };
        var refused = 0;
        foreach (var template in requests)
        {
            foreach (var (path, set) in DoubleFields(template, ""))
            {
                foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
                {
                    var request = template.Descriptor.Parser.ParseFrom(template.ToByteString());
                    set(request, bad);
                    var error = await Assert.ThrowsAsync<RpcException>(() => Call(request));
                    Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
                    Assert.Contains(path, error.Status.Detail);
                    refused++;
                }
            }
        }

        output.WriteLine($"{refused} requests with NaN or ±Infinity refused, each naming its field");
        Assert.True(refused > 100, $"only {refused} numeric fields were probed");
        Assert.Equal(version, await VersionOf(fixture.Watched));
        await AssertHealthy("NaN and infinities");
    }

    [Fact]
    public async Task Oversized_requests_are_refused_naming_the_bound_and_change_nothing()
    {
        var version = await VersionOf(fixture.Watched);
        var writer = fixture.As(AbuseServer.Abuser);

        // Forty 4 MiB names once took the server from 0.8 to 10 GB: now each is refused before it is read.
        var huge = new string('N', 4 * (int)MiB);
        for (var i = 0; i < 40; i++)
        {
            var request = Requests.Company(Requests.NewCompanyId("BIG"));
            request.Profile.Name = huge;
            await AssertRefused(() => Client.UpsertCompanyAsync(request, writer).ResponseAsync, StatusCode.ResourceExhausted, "MaxReceiveMessageSize");
        }

        var longName = Requests.Company(Requests.NewCompanyId("LONG"));
        longName.Profile.Name = new string('N', 100_000);
        await AssertRefused(() => Client.UpsertCompanyAsync(longName, writer).ResponseAsync, StatusCode.InvalidArgument, "MaxNameLength");

        var manyPeriods = new ReportFinancialsRequest { CompanyId = fixture.Watched };
        manyPeriods.Periods.Add(Enumerable.Range(0, 5_000).Select(i => Requests.Period(2025, 6, 30)));
        await AssertRefused(() => Client.ReportFinancialsAsync(manyPeriods, writer).ResponseAsync, StatusCode.InvalidArgument, "MaxPeriodsPerRequest");

        var manyPayments = Requests.Commitment(fixture.Watched, "many-payments");
        manyPayments.Commitment.Payments.Add(Enumerable.Range(0, 10_000).Select(_ => new Payment { DueDate = new Date { Year = 2027, Month = 1, Day = 31 }, Amount = 1 }));
        await AssertRefused(() => Client.UpsertCommitmentAsync(manyPayments, writer).ResponseAsync, StatusCode.InvalidArgument, "MaxPaymentsPerCommitment");

        var longId = Requests.Commitment(fixture.Watched, new string('c', 10_000));
        await AssertRefused(() => Client.UpsertCommitmentAsync(longId, writer).ResponseAsync, StatusCode.InvalidArgument, "commitment.commitment_id");

        var control = Requests.Commitment(fixture.Watched, "ok-id");
        control.Commitment.Counterparty = "nul\0and\u0007bell";
        await AssertRefused(() => Client.UpsertCommitmentAsync(control, writer).ResponseAsync, StatusCode.InvalidArgument, "commitment.counterparty");

        var manyIds = new WatchRiskRequest();
        manyIds.CompanyIds.Add(Enumerable.Range(0, 20_000).Select(i => $"W{i}"));
        using var watch = Client.WatchRisk(manyIds, fixture.As(AbuseServer.Desk));
        await AssertRefused(() => watch.ResponseStream.MoveNext(CancellationToken.None), StatusCode.InvalidArgument, "MaxWatchCompanies");

        var absurd = new RunScenarioRequest { CompanyIds = { fixture.Watched }, Shocks = new ScenarioShocks { RateShockBps = 1e308 } };
        await AssertRefused(() => Client.RunScenarioAsync(absurd, fixture.As(AbuseServer.Desk)).ResponseAsync, StatusCode.InvalidArgument, "shocks.rate_shock_bps");

        Assert.Equal(version, await VersionOf(fixture.Watched));
        await AssertHealthy("oversized requests");
    }

    [Fact]
    public async Task Two_thousand_watch_streams_that_never_read_while_ticks_flow_hold_bounded_memory_and_slow_no_one()
    {
        var companies = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var id = Requests.NewCompanyId("ST");
            await Requests.CreateAsync(Writer(AbuseServer.Feed), id);
            companies.Add(id);
        }

        using var channel = fixture.NewChannel();
        var client = new RiskService.RiskServiceClient(channel);
        var stalled = new List<AsyncServerStreamingCall<WatchRiskResponse>>();
        var request = new WatchRiskRequest { CompanyIds = { companies } };
        for (var i = 0; i < 2_000; i++)
        {
            stalled.Add(client.WatchRisk(request, fixture.As(AbuseServer.Desk)));
        }

        try
        {
            await Task.WhenAll(stalled.Select(s => s.ResponseHeadersAsync));
            long peak = 0;
            var clock = Stopwatch.StartNew();
            var ticks = 0;

            // 200 ticks a second over the ten companies, within the feed's write rate.
            while (clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                foreach (var id in companies)
                {
                    await fixture.Client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow, 1_000 + ticks), fixture.As(AbuseServer.Feed));
                    ticks++;
                }

                peak = Math.Max(peak, fixture.Server.ResidentBytes());
                await Task.Delay(50);
            }

            Assert.True(await fixture.DeskReceivesATick(), "the desk's watch stopped flowing while 2,000 streams stalled");
            output.WriteLine($"2,000 stalled streams × 10 companies, {ticks} ticks in 10 s: peak RSS {Mb(peak)} (baseline {Mb(fixture.BaselineBytes)})");
            Assert.True(peak - fixture.BaselineBytes < MemoryBound, $"peak RSS {Mb(peak)} over a baseline of {Mb(fixture.BaselineBytes)}");
        }
        finally
        {
            foreach (var call in stalled)
            {
                call.Dispose();
            }
        }

        await AssertHealthy("2,000 stalled watch streams");
    }

    [Fact]
    public async Task Ten_thousand_watch_open_and_cancel_cycles_leave_memory_bounded_and_the_watch_path_working()
    {
        var reader = fixture.As(AbuseServer.Desk);
        var request = new WatchRiskRequest { CompanyIds = { fixture.Watched } };
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 1_250; i++)
            {
                using var cancel = new CancellationTokenSource();
                using var watch = Client.WatchRisk(request, reader, cancellationToken: cancel.Token);
                Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
                await cancel.CancelAsync();
            }
        })));

        output.WriteLine($"10,000 watch open/cancel cycles in {clock.Elapsed.TotalSeconds:F1} s");
        await AssertHealthy("10,000 watch open/cancel cycles");
    }

    [Fact]
    public async Task Ingest_streams_that_send_half_a_message_and_hang_are_ended_after_the_idle_timeout_and_give_everything_back()
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var release = new CancellationTokenSource();
        var key = fixture.As(AbuseServer.Abuser).Single(e => e.Key == "authorization").Value;
        var bodies = Enumerable.Range(0, 30).Select(_ => new HalfSentMessage(4 * (int)MiB - 16, release.Token)).ToList();
        var responses = bodies.Select(body => http.SendAsync(Ingest(body, key), HttpCompletionOption.ResponseHeadersRead)).ToList();
        var held = Stopwatch.StartNew();
        await Task.WhenAll(bodies.Select(b => b.Sent.Task)).WaitAsync(TimeSpan.FromSeconds(30));
        var holding = fixture.Server.ResidentBytes();

        var ended = await Task.WhenAll(responses).WaitAsync(TimeSpan.FromSeconds(30));

        output.WriteLine($"30 half-sent 4 MiB messages: RSS {Mb(holding)} while held, all ended after {held.Elapsed.TotalSeconds:F1} s");
        Assert.All(ended, r => Assert.Equal(((int)StatusCode.DeadlineExceeded).ToString(System.Globalization.CultureInfo.InvariantCulture), Header(r, "grpc-status")));
        Assert.All(ended, r => Assert.Contains("IngestIdleTimeout", Uri.UnescapeDataString(Header(r, "grpc-message"))));
        await release.CancelAsync();
        foreach (var response in ended)
        {
            response.Dispose();
        }

        // The abuser's stream quota is back: a new stream is taken.
        using var again = Client.Ingest(fixture.As(AbuseServer.Abuser));
        await again.RequestStream.CompleteAsync();
        Assert.Equal(0UL, (await again.ResponseAsync).Applied);
        Assert.True(holding - fixture.BaselineBytes < MemoryBound, $"RSS {Mb(holding)} while held, over a baseline of {Mb(fixture.BaselineBytes)}");
        await AssertHealthy("half-sent Ingest messages");
    }

    [Fact]
    public async Task A_client_that_floods_writes_is_refused_by_its_rate_while_another_writer_and_the_watchers_are_served()
    {
        var target = Requests.NewCompanyId("FL");
        await Requests.CreateAsync(Writer(AbuseServer.Abuser), target);
        var abuser = fixture.As(AbuseServer.Abuser);
        var accepted = 0L;
        var refused = 0L;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var start = DateTimeOffset.UtcNow;
        var flood = Enumerable.Range(0, 16).Select(loop => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    await Client.PublishMarketDataAsync(Requests.Tick(target, start.AddTicks((loop * 1_000_000) + i), 1_000 + i), abuser);
                    Interlocked.Increment(ref accepted);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    Assert.Contains("RiskGrains:Limits:WriteRatePerSecond", e.Status.Detail);
                    Interlocked.Increment(ref refused);
                }
            }
        })).ToList();

        // Meanwhile the feed's own ticks go through and reach the desk.
        var served = 0;
        while (!stop.IsCancellationRequested)
        {
            Assert.True(await fixture.DeskReceivesATick(), "the desk's watch stopped flowing during the flood");
            served++;
            await Task.Delay(200);
        }

        await Task.WhenAll(flood);
        output.WriteLine($"flood of 5 s: {accepted} writes accepted, {refused} refused with RESOURCE_EXHAUSTED; the feed's {served} ticks all reached the desk");
        Assert.True(refused > 0, "the flood was never refused");
        Assert.InRange(accepted, 1, 2_000 + (1_000 * 6));
        await AssertHealthy("a write flood");
    }

    private RiskService.RiskServiceClient Writer(string caller) => fixture.ClientAs(caller);

    private async Task AssertHealthy(string after)
    {
        var rss = fixture.Server.ResidentBytes();
        output.WriteLine($"after {after}: RSS {Mb(rss)} (baseline {Mb(fixture.BaselineBytes)})");
        Assert.False(fixture.Server.HasExited, $"the server exited after {after}");
        Assert.NotNull((await Client.GetRiskAsync(new GetRiskRequest { CompanyId = fixture.Watched }, fixture.As(AbuseServer.Desk))).Risk);
        Assert.True(await fixture.DeskReceivesATick(), $"the desk's watch stopped flowing after {after}");
        Assert.True(rss - fixture.BaselineBytes < MemoryBound, $"RSS {Mb(rss)} after {after}, over a baseline of {Mb(fixture.BaselineBytes)}");
    }

    private async Task AssertRefused(Func<Task> call, StatusCode status, string named)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains(named, error.Status.Detail);
    }

    private Task<ulong> VersionOf(string id) =>
        Client.GetRiskAsync(new GetRiskRequest { CompanyId = id }, fixture.As(AbuseServer.Desk)).ResponseAsync.ContinueWith(t => t.Result.Risk.Version, TaskScheduler.Default);

    private Task Call(IMessage request)
    {
        var writer = fixture.As(AbuseServer.Abuser);
        return request switch
        {
            ReportFinancialsRequest r => Client.ReportFinancialsAsync(r, writer).ResponseAsync,
            UpsertCommitmentRequest r => Client.UpsertCommitmentAsync(r, writer).ResponseAsync,
            PublishMarketDataRequest r => Client.PublishMarketDataAsync(r, writer).ResponseAsync,
            RunScenarioRequest r => Client.RunScenarioAsync(r, fixture.As(AbuseServer.Desk)).ResponseAsync,
            _ => throw new ArgumentException($"no call for {request.Descriptor.Name}", nameof(request)),
        };
    }

    /// <summary>Every double of the message, nested messages and the first item of repeated ones included, with its field path.</summary>
    private static IEnumerable<(string Path, Action<IMessage, double> Set)> DoubleFields(IMessage template, string prefix)
    {
        foreach (var field in template.Descriptor.Fields.InFieldNumberOrder())
        {
            var path = prefix + field.Name;
            if (field.FieldType == FieldType.Double && !field.IsRepeated)
            {
                yield return (path, (message, value) => field.Accessor.SetValue(Find(message, prefix), value));
            }
            else if (field.FieldType == FieldType.Message && field.IsRepeated && ((System.Collections.IList)field.Accessor.GetValue(template)).Count > 0)
            {
                var first = (IMessage)((System.Collections.IList)field.Accessor.GetValue(template))[0]!;
                foreach (var nested in DoubleFields(first, $"{path}[0]."))
                {
                    yield return nested;
                }
            }
            else if (field.FieldType == FieldType.Message && !field.IsRepeated && field.Accessor.GetValue(template) is IMessage child)
            {
                foreach (var nested in DoubleFields(child, path + "."))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>The message at a path such as "periods[0].debt_maturities[0]." inside <paramref name="root"/>.</summary>
    private static IMessage Find(IMessage root, string prefix)
    {
        var message = root;
        foreach (var step in prefix.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = step.Split('[')[0];
            var value = message.Descriptor.FindFieldByName(name).Accessor.GetValue(message);
            message = step.EndsWith(']') ? (IMessage)((System.Collections.IList)value)[0]! : (IMessage)value;
        }

        return message;
    }

    private static ReportFinancialsRequest FullFinancials(string id)
    {
        var period = Requests.Period(2025, 6, 30);
        period.DebtMaturities.Add(new DebtMaturity { MaturityDate = new Date { Year = 2028, Month = 6, Day = 30 }, Amount = 50 });
        (period.TotalAssets, period.TotalLiabilities, period.CurrentAssets, period.CurrentLiabilities, period.RetainedEarnings, period.Ebit) = (900, 500, 300, 200, 150, 100);
        return Requests.Financials(id, period);
    }

    private static PublishMarketDataRequest Tick(string id)
    {
        var tick = Requests.Tick(id, DateTimeOffset.UtcNow);
        tick.MarketData.EquityReturn1Y = 0.05;
        return tick;
    }

    private HttpRequestMessage Ingest(HttpContent body, string authorization)
    {
        body.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Server.Address, "/riskgrains.v1.RiskService/Ingest"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = body,
        };
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.TryAddWithoutValidation("authorization", authorization);
        return request;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    private static string Mb(long bytes) => $"{bytes / (double)MiB:F0} MB";
}

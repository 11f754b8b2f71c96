using System.Diagnostics;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

[Collection(SharedServiceCollection.Name)]
public sealed class TracingTests(SharedService service)
{
    [Fact]
    public async Task One_write_is_one_trace_from_the_grpc_server_to_recompute_publish_and_fan_out()
    {
        var (traceId, recompute, spans) = await TraceOneTick(service.Host);

        Assert.NotNull(recompute);
        Assert.Equal(traceId, recompute.TraceId.ToHexString());
        Assert.Equal("RiskGrains", recompute.Source.Name);
        var publish = Assert.Single(spans, s => s.OperationName == "publish" && s.ParentSpanId == recompute.SpanId);
        var fanOut = Assert.Single(spans, s => s.OperationName == "fan-out" && s.ParentSpanId == publish.SpanId);
        Assert.Equal(recompute.TraceId, fanOut.TraceId);

        // The grain call carries the context without spans of its own: recompute is the gRPC server span's child.
        var server = Assert.Single(spans, s => s.SpanId == recompute.ParentSpanId);
        AssertGrpcServerSpan(server);
        Assert.DoesNotContain(spans, s => s.TraceId == recompute.TraceId && s.Source.Name == "Microsoft.Orleans.Application");
    }

    [Fact]
    public async Task With_grain_call_spans_on_the_trace_goes_through_the_orleans_call_spans()
    {
        await using var host = await ServiceHost.StartAsync(loadSampleData: false, dataDir: null, "--RiskGrains:TraceGrainCalls", "true");
        var (traceId, recompute, spans) = await TraceOneTick(host);

        Assert.NotNull(recompute);
        Assert.Equal(traceId, recompute.TraceId.ToHexString());
        Assert.Single(spans, s => s.OperationName == "publish" && s.ParentSpanId == recompute.SpanId);

        // Walk up from recompute: through the Orleans grain call spans to the gRPC server span.
        var bySpan = spans.Where(s => s.TraceId == recompute.TraceId).ToDictionary(s => s.SpanId);
        var chain = new List<Activity>();
        for (var span = recompute; span.ParentSpanId != default && bySpan.TryGetValue(span.ParentSpanId, out var parent); span = parent)
        {
            chain.Add(parent);
        }

        Assert.True(chain.Count >= 2, $"expected grain call spans above recompute, found {chain.Count} span(s)");
        var grainCall = chain[0];
        Assert.Equal("Microsoft.Orleans.Application", grainCall.Source.Name);
        Assert.Contains("PublishMarketData", grainCall.DisplayName + grainCall.OperationName, StringComparison.Ordinal);
        AssertGrpcServerSpan(chain[^1]);
        Assert.All(chain.SkipLast(1), span => Assert.Equal("Microsoft.Orleans.Application", span.Source.Name));
    }

    [Fact]
    public async Task Each_ingest_batch_is_a_trace_of_its_own_linked_to_the_stream()
    {
        var client = service.Host.Client;
        var id = Requests.NewCompanyId("TB");
        await Requests.CreateAsync(client, id);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var watch = client.WatchRisk(new WatchRiskRequest { CompanyIds = { id } }, cancellationToken: cancel.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));

        using var ingest = client.Ingest(cancellationToken: cancel.Token);
        var traceIds = new List<string>();
        var now = DateTimeOffset.UtcNow;
        for (var batch = 0; batch < 2; batch++)
        {
            var request = new IngestRequest();
            request.Items.Add(new IngestItem { PublishMarketData = Requests.Tick(id, now.AddSeconds(batch)) });
            await ingest.RequestStream.WriteAsync(request, cancel.Token);
            Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
            traceIds.Add(watch.ResponseStream.Current.Update.TraceId);
        }

        await ingest.RequestStream.CompleteAsync();
        Assert.Equal(2UL, (await ingest.ResponseAsync).Applied);

        Assert.Equal(2, traceIds.Distinct().Count());
        var batches = await Eventually.Returns(
            () => Task.FromResult(service.Host.SpansSnapshot().Where(s => s.OperationName == "ingest-batch" && traceIds.Contains(s.TraceId.ToHexString())).ToArray()),
            found => found.Length == 2);
        Assert.Equal(2, batches.Length);
        Assert.All(batches, b => Assert.Equal(default, b.ParentSpanId));
        var server = Assert.Single(batches.SelectMany(b => b.Links).Select(l => l.Context.SpanId).Distinct());
        Assert.DoesNotContain(traceIds, t => service.Host.SpansSnapshot().Any(s => s.SpanId == server && s.TraceId.ToHexString() == t));
    }

    /// <summary>Creates a watched company, publishes one tick, and returns the update's trace id with the recorded spans.</summary>
    private static async Task<(string TraceId, Activity? Recompute, Activity[] Spans)> TraceOneTick(ServiceHost host)
    {
        var client = host.Client;
        var id = Requests.NewCompanyId("TR");
        await Requests.CreateAsync(client, id);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var watch = client.WatchRisk(new WatchRiskRequest { CompanyIds = { id } }, cancellationToken: cancel.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));

        var written = await client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow));
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(written.Version, watch.ResponseStream.Current.Update.Risk.Version);
        var traceId = watch.ResponseStream.Current.Update.TraceId;

        // Spans are exported when they end, the fan-out's after the update is queued: wait for it.
        Activity? RecomputeIn(Activity[] recorded) =>
            recorded.SingleOrDefault(s => s.OperationName == "recompute" && Equals(s.GetTagItem("company.id"), id) && Equals(s.GetTagItem("company.version"), (long)written.Version));
        var spans = await Eventually.Returns(
            () => Task.FromResult(host.SpansSnapshot()),
            recorded => RecomputeIn(recorded) is { } found && recorded.Any(s => s.OperationName == "fan-out" && s.TraceId == found.TraceId));
        var recompute = RecomputeIn(spans);

        return (traceId, recompute, spans);
    }

    private static void AssertGrpcServerSpan(Activity server)
    {
        Assert.Equal("Microsoft.AspNetCore", server.Source.Name);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Contains("/riskgrains.v1.RiskService/PublishMarketData", server.DisplayName + " " + server.GetTagItem("url.path"), StringComparison.Ordinal);
    }
}

using System.Diagnostics;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

[Collection(SharedServiceCollection.Name)]
public sealed class TracingTests(SharedService service)
{
    [Fact]
    public async Task One_write_is_one_trace_from_the_grpc_server_through_the_grain_call_to_recompute_and_publish()
    {
        var client = service.Host.Client;
        var id = Requests.NewCompanyId("TR");
        await Requests.CreateAsync(client, id);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var watch = client.WatchRisk(new WatchRiskRequest { CompanyIds = { id } }, cancellationToken: cancel.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));

        var written = await client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow));
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        var traceId = watch.ResponseStream.Current.Update.TraceId;

        Activity? recompute = null, publish = null;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        Activity[] spans;
        do
        {
            spans = service.Host.SpansSnapshot();
            recompute = spans.SingleOrDefault(s => s.OperationName == "recompute" && Equals(s.GetTagItem("company.id"), id) && Equals(s.GetTagItem("company.version"), (long)written.Version));
            publish = recompute is null ? null : spans.SingleOrDefault(s => s.OperationName == "publish" && s.ParentSpanId == recompute.SpanId);
            if (publish is null)
            {
                await Task.Delay(50);
            }
        }
        while (publish is null && DateTime.UtcNow < deadline);

        Assert.NotNull(recompute);
        Assert.NotNull(publish);
        Assert.Equal(traceId, recompute.TraceId.ToHexString());
        Assert.Equal(recompute.TraceId, publish.TraceId);
        Assert.Equal("RiskGrains", recompute.Source.Name);

        // Walk up from recompute: through the Orleans grain call spans to the gRPC server span.
        var bySpan = spans.Where(s => s.TraceId == recompute.TraceId).ToDictionary(s => s.SpanId);
        var chain = new List<Activity>();
        for (var span = recompute; span.ParentSpanId != default && bySpan.TryGetValue(span.ParentSpanId, out var parent); span = parent)
        {
            chain.Add(parent);
        }

        var grainCall = Assert.Single(chain.Take(1));
        Assert.Equal("Microsoft.Orleans.Application", grainCall.Source.Name);
        Assert.Contains("PublishMarketData", grainCall.DisplayName + grainCall.OperationName, StringComparison.Ordinal);
        var server = chain.Last();
        Assert.Equal("Microsoft.AspNetCore", server.Source.Name);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Contains("/riskgrains.v1.RiskService/PublishMarketData", server.DisplayName + " " + server.GetTagItem("url.path"), StringComparison.Ordinal);
        Assert.All(chain.SkipLast(1), span => Assert.Equal("Microsoft.Orleans.Application", span.Source.Name));
    }
}

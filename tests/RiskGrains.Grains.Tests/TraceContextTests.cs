using System.Diagnostics;
using static RiskGrains.Grains.Tests.TestData;

namespace RiskGrains.Grains.Tests;

/// <summary>The trace context a call carries decides the recompute span: its parent, or no span when the caller's trace is not sampled.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TraceContextTests : IDisposable
{
    private readonly ClusterFixture _fixture;
    private readonly RecordedSpans _recorded = new();

    public TraceContextTests(ClusterFixture fixture)
    {
        _fixture = fixture;
    }

    public void Dispose() => _recorded.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_tick_is_traced_as_a_child_of_the_callers_context_and_names_its_trace_either_way(bool sampled)
    {
        var id = NewCompanyId(sampled ? "trs" : "tru");
        var company = _fixture.Grains.GetGrain<ICompanyGrain>(id);
        await company.UpsertProfile(Profile(id));
        await company.ReportFinancials(Batch(Quarter(QuarterEnd(0))));

        var traceId = ActivityTraceId.CreateRandom();
        var spanId = ActivitySpanId.CreateRandom();
        RequestContext.Set(TraceContextPropagation.TraceParent, $"00-{traceId.ToHexString()}-{spanId.ToHexString()}-{(sampled ? "01" : "00")}");
        WriteResult written;
        try
        {
            written = await company.PublishMarketData(Tick(DateTimeOffset.UtcNow));
        }
        finally
        {
            RequestContext.Clear();
        }

        var snapshot = await company.GetRisk();
        Assert.NotNull(snapshot);
        Assert.Equal(written.Version, snapshot.Version);
        Assert.Equal(traceId.ToHexString(), snapshot.TraceId);

        var spans = _recorded.Spans.Where(a => a.OperationName == "recompute" && Equals(a.GetTagItem("company.id"), id) && Equals(a.GetTagItem("company.version"), (long)written.Version)).ToList();
        if (sampled)
        {
            var recompute = Assert.Single(spans);
            Assert.Equal(traceId, recompute.TraceId);
            Assert.Equal(spanId, recompute.ParentSpanId);
        }
        else
        {
            Assert.Empty(spans);
        }
    }
}

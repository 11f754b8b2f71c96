using Google.Protobuf;
using Grpc.Core;
using RiskGrains.Contract.V1;
using BaselineV1 = RiskGrains.Baseline.V1;

namespace RiskGrains.Server.Tests;

/// <summary>The load generator's baseline service: served on request, and no part of the public contract.</summary>
[Collection(SharedServiceCollection.Name)]
public sealed class BaselineTests(SharedService service)
{
    private static readonly Method<BaselineV1.IngestRequest, BaselineV1.IngestResponse> Ingest = new(
        MethodType.ClientStreaming,
        BaselineV1.BaselineService.Descriptor.FullName,
        "Ingest",
        Marshallers.Create((BaselineV1.IngestRequest m) => m.ToByteArray(), BaselineV1.IngestRequest.Parser.ParseFrom),
        Marshallers.Create((BaselineV1.IngestResponse m) => m.ToByteArray(), BaselineV1.IngestResponse.Parser.ParseFrom));

    [Fact]
    public void The_public_contract_holds_riskgrains_v1_alone()
    {
        var contract = typeof(RiskService).Assembly;
        Assert.All(contract.GetExportedTypes(), t => Assert.StartsWith("RiskGrains.Contract.V1", t.Namespace, StringComparison.Ordinal));
        Assert.Equal("riskgrains.v1.RiskService", Assert.Single(RiskReflection.Descriptor.Services).FullName);
    }

    [Fact]
    public async Task The_baseline_service_counts_what_it_decodes_and_is_served_only_when_enabled()
    {
        await using var host = await ServiceHost.StartAsync(loadSampleData: false, dataDir: null, "--RiskGrains:EnableBaseline", "true");
        var batch = new BaselineV1.IngestRequest();
        batch.Items.Add(new IngestItem { UpsertCompany = Requests.Company("BASELINE") });
        batch.Items.Add(new IngestItem { PublishMarketData = Requests.Tick("BASELINE", DateTimeOffset.UtcNow) });

        using (var call = host.Channel.CreateCallInvoker().AsyncClientStreamingCall(Ingest, null, new CallOptions()))
        {
            await call.RequestStream.WriteAsync(batch);
            await call.RequestStream.WriteAsync(batch);
            await call.RequestStream.CompleteAsync();
            var counted = await call.ResponseAsync;
            Assert.Equal(4UL, counted.Received);
            Assert.Equal(2UL, counted.MarketTicks);
        }

        // Nothing was applied: the baseline decodes and counts only.
        var unknown = await Assert.ThrowsAsync<RpcException>(() => host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "BASELINE" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        using var disabled = service.Host.Channel.CreateCallInvoker().AsyncClientStreamingCall(Ingest, null, new CallOptions());
        await disabled.RequestStream.CompleteAsync();
        var refused = await Assert.ThrowsAsync<RpcException>(() => disabled.ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, refused.StatusCode);
    }
}

using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>
/// Each caller's writes are rate-limited by a token bucket, refused with RESOURCE_EXHAUSTED naming the
/// settings (not HTTP 429, which gRPC clients see as UNAVAILABLE); reads are not. The connection limits
/// of Kestrel come from the shipped appsettings.json.
/// </summary>
public sealed class WriteRateTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await ServiceHost.StartAsync(
        loadSampleData: false,
        dataDir: null,
        "--RiskGrains:Limits:WriteRatePerSecond", "1",
        "--RiskGrains:Limits:WriteBurst", "3");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Writes_past_the_burst_are_refused_as_resource_exhausted_naming_the_settings_and_change_nothing()
    {
        var client = _host.Client;
        var id = Requests.NewCompanyId("RATE");
        Assert.Equal(1UL, (await client.UpsertCompanyAsync(Requests.Company(id))).Version);
        var renamed = Requests.Company(id);
        renamed.Profile.Name = "Renamed";
        await client.UpsertCompanyAsync(Requests.Company(id));
        await client.UpsertCompanyAsync(Requests.Company(id));

        await Refusals.AssertStatus(
            () => client.UpsertCompanyAsync(renamed).ResponseAsync,
            StatusCode.ResourceExhausted,
            "'anonymous' writes faster than RiskGrains:Limits:WriteRatePerSecond (1 calls a second, bursts of RiskGrains:Limits:WriteBurst (3)); retry later");
        using (var ingest = client.Ingest())
        {
            await Refusals.AssertStatus(() => ingest.ResponseAsync, StatusCode.ResourceExhausted, "RiskGrains:Limits:WriteRatePerSecond");
        }

        // Reads spend no tokens.
        for (var i = 0; i < 5; i++)
        {
            var risk = (await client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
            Assert.Equal((1UL, $"Company {id}"), (risk.Version, risk.Profile.Name));
        }

        // The bucket refills: a token a second.
        var applied = await Eventually.Returns(
            async () =>
            {
                try
                {
                    return (await client.UpsertCompanyAsync(renamed)).Version;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    return 0UL;
                }
            },
            version => version > 0,
            interval: TimeSpan.FromMilliseconds(250));
        Assert.Equal(2UL, applied);
    }

    [Fact]
    public void Kestrel_bounds_connections_streams_and_idle_time_from_the_shipped_settings()
    {
        var limits = _host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(1_000, limits.MaxConcurrentConnections);
        Assert.Equal(TimeSpan.FromMinutes(2), limits.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), limits.RequestHeadersTimeout);
        Assert.Equal(100, limits.Http2.MaxStreamsPerConnection);
        Assert.Equal(TimeSpan.FromSeconds(30), limits.Http2.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), limits.Http2.KeepAlivePingTimeout);
    }
}

using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>Asking for companies that do not exist costs nothing that lasts.</summary>
[Collection(SharedServiceCollection.Name)]
public sealed class UnknownCompanyTests(SharedService service)
{
    [Fact]
    public async Task Lookups_and_writes_of_unknown_companies_leave_no_activation_behind_and_log_nothing_above_debug()
    {
        var host = service.Host;
        var management = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var before = await CompanyActivations(management);
        var logged = host.Logs.Count;

        var unknown = Enumerable.Range(0, 300).Select(_ => Requests.NewCompanyId("NX")).ToArray();
        foreach (var id in unknown[..200])
        {
            var read = await Assert.ThrowsAsync<RpcException>(() => host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = id }).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, read.StatusCode);
        }

        foreach (var id in unknown[200..250])
        {
            var write = await Assert.ThrowsAsync<RpcException>(() => host.Client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow)).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, write.StatusCode);
        }

        using var watch = host.Client.WatchRisk(new WatchRiskRequest { CompanyIds = { unknown[250..] } });
        var watched = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.NotFound, watched.StatusCode);
        Assert.Contains("50 companies are unknown", watched.Status.Detail);

        var after = await Eventually.Returns(() => CompanyActivations(management), count => count <= before, timeout: TimeSpan.FromSeconds(30));
        Assert.True(after <= before, $"{after - before} activations of unknown companies remain");
        Assert.DoesNotContain(host.Logs.Since(logged), e => e.Level >= LogLevel.Information);
    }

    private static async Task<int> CompanyActivations(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains(".CompanyGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
}

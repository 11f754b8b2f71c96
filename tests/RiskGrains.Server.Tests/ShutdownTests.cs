using System.Diagnostics;
using Grpc.Core;
using RiskGrains.Contract.V1;
using Xunit.Abstractions;

namespace RiskGrains.Server.Tests;

[Trait("Category", "Process")] // server processes stopped with SIGTERM, and a redis-server
public sealed class ShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SIGTERM_ends_open_watches_with_UNAVAILABLE_and_exits_cleanly()
    {
        await using var server = await ServerProcess.StartAsync(ServiceHost.TempDirectory(), "--RiskGrains:LoadSampleData", "false");
        var (watch, first) = await OpenWatch(server);

        var clock = Stopwatch.StartNew();
        server.Terminate();
        var ended = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));
        await server.WaitForExitAsync(Limit);

        output.WriteLine($"SIGTERM to exit: {clock.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
        Assert.Equal(0, server.ExitCode);
        Assert.True(first > 0);
        watch.Dispose();
    }

    [Fact]
    public async Task SIGTERM_exits_within_30_seconds_even_when_redis_is_unreachable()
    {
        var redis = await RedisServer.StartAsync();
        await using var silo = await ClusterTests.StartSilo(redis, "shutdown-" + Guid.NewGuid().ToString("N")[..8]);
        var (watch, _) = await OpenWatch(silo);
        redis.KillHard();
        redis.Dispose();

        var clock = Stopwatch.StartNew();
        silo.Terminate();
        var ended = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));
        await silo.WaitForExitAsync(Limit + TimeSpan.FromSeconds(5));

        output.WriteLine($"SIGTERM to exit with Redis gone: {clock.Elapsed.TotalSeconds:0.00} s, exit code {silo.ExitCode}");
        Assert.True(clock.Elapsed < Limit, $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
        watch.Dispose();
    }

    private static async Task<(AsyncServerStreamingCall<WatchRiskResponse> Watch, ulong Version)> OpenWatch(ServerProcess server)
    {
        var id = Requests.NewCompanyId("SD");
        await Requests.CreateAsync(server.Client, id);
        await server.Client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow));
        var watch = server.Client.WatchRisk(new WatchRiskRequest { CompanyIds = { id } });
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        return (watch, watch.ResponseStream.Current.Update.Risk.Version);
    }
}

using System.Collections.Concurrent;
using Grpc.Core;
using RiskGrains.Contract.V1;
using Xunit.Abstractions;

namespace RiskGrains.Server.Tests;

/// <summary>
/// History survives a crash: every point of an acknowledged fundamentals write is there after a kill -9
/// of an embedded server or the loss of a silo, and so is every market point the background had
/// written (GetHistory showed it before the crash).
/// </summary>
[Trait("Category", "Process")] // server processes killed with SIGKILL, and a redis-server
public sealed class HistorySurvivalTests(ITestOutputHelper output)
{
    private const int Companies = 8;

    [Fact]
    public async Task After_a_kill_9_of_an_embedded_server_every_acknowledged_point_and_every_written_market_point_is_there()
    {
        var dataDir = ServiceHost.TempDirectory();
        var ids = Enumerable.Range(0, Companies).Select(i => Requests.NewCompanyId($"HS{i}")).ToArray();
        var acknowledged = new ConcurrentBag<(string Company, ulong Version)>();
        var written = new Dictionary<string, HashSet<ulong>>();
        await using (var first = await ServerProcess.StartAsync(dataDir, "--RiskGrains:LoadSampleData", "false", "--RiskGrains:HistoryInterval", "00:00:01"))
        {
            foreach (var id in ids)
            {
                await Requests.CreateAsync(first.Client, id);
                acknowledged.Add((id, 1));
                acknowledged.Add((id, 2));
                acknowledged.Add((id, 3));
            }

            using var stop = new CancellationTokenSource();
            var writes = WriteContinuously([first], ids, acknowledged, stop.Token);

            // Killed once the background has written market points, with writes under way.
            Assert.True(await Eventually.True(async () => (await MarketPoints(first, ids)).Values.Sum(v => v.Count) >= Companies, TimeSpan.FromSeconds(30)));
            written = await MarketPoints(first, ids);
            first.KillHard();
            await stop.CancelAsync();
            await writes;
        }

        await using var second = await ServerProcess.StartAsync(dataDir, "--RiskGrains:LoadSampleData", "false");
        await AssertKept(second, ids, acknowledged, written);
    }

    [Fact]
    public async Task After_the_loss_of_a_silo_every_acknowledged_point_and_every_written_market_point_is_there()
    {
        using var redis = await RedisServer.StartAsync();
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
        var silos = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => ServerProcess.StartAsync(
            ServiceHost.TempDirectory(),
            "--RiskGrains:Mode", "Cluster",
            "--RiskGrains:Redis", redis.ConnectionString,
            "--RiskGrains:ClusterId", clusterId,
            "--RiskGrains:AdvertisedAddress", "127.0.0.1",
            "--RiskGrains:LoadSampleData", "false",
            "--RiskGrains:HistoryInterval", "00:00:01")));
        try
        {
            var ids = Enumerable.Range(0, Companies).Select(i => Requests.NewCompanyId($"HC{i}")).ToArray();
            var acknowledged = new ConcurrentBag<(string Company, ulong Version)>();
            foreach (var id in ids)
            {
                await Requests.CreateAsync(silos[0].Client, id);
                acknowledged.Add((id, 1));
                acknowledged.Add((id, 2));
                acknowledged.Add((id, 3));
            }

            using var stop = new CancellationTokenSource();
            var writes = WriteContinuously(silos, ids, acknowledged, stop.Token);
            Assert.True(await Eventually.True(async () => (await MarketPoints(silos[0], ids)).Values.Sum(v => v.Count) >= Companies, TimeSpan.FromSeconds(30)));

            // The victim is the silo hosting more of the companies; the other keeps serving.
            var hosts = new List<string>();
            foreach (var id in ids)
            {
                hosts.Add((await silos[0].Client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk.Silo);
            }

            var victim = silos.MaxBy(s => hosts.Count(h => h.Contains($":{s.SiloPort}:", StringComparison.Ordinal)))!;
            var survivor = silos.Single(s => s != victim);
            var written = await MarketPoints(survivor, ids);
            victim.KillHard();

            // Writes go on through the survivor until every company has taken one more.
            var before = acknowledged.Count;
            await Eventually.True(() => acknowledged.Count >= before + (2 * Companies), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
            await stop.CancelAsync();
            await writes;

            await AssertKept(survivor, ids, acknowledged, written);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private async Task AssertKept(ServerProcess server, string[] ids, ConcurrentBag<(string Company, ulong Version)> acknowledged, Dictionary<string, HashSet<ulong>> written)
    {
        var (fundamentals, market) = (0, 0);
        foreach (var id in ids)
        {
            var points = (await server.Client.GetHistoryAsync(new GetHistoryRequest { CompanyId = id })).Points;
            var versions = points.Select(p => p.Version).ToList();
            Assert.True(versions.Zip(versions.Skip(1)).All(p => p.Second > p.First), $"{id}: versions not rising: {string.Join(",", versions)}");
            foreach (var (_, version) in acknowledged.Where(a => a.Company == id))
            {
                Assert.True(points.Any(p => p.Version == version && p.Cause != ChangeCause.Market), $"{id}: the acknowledged write at version {version} has no point");
                fundamentals++;
            }

            foreach (var version in written[id])
            {
                Assert.True(points.Any(p => p.Version == version && p.Cause == ChangeCause.Market), $"{id}: the market point at version {version} was written but is gone");
                market++;
            }
        }

        output.WriteLine($"points checked after the crash: {fundamentals} of acknowledged fundamentals writes, {market} market points written before it");
    }

    private static async Task<Dictionary<string, HashSet<ulong>>> MarketPoints(ServerProcess server, string[] ids)
    {
        var found = new Dictionary<string, HashSet<ulong>>();
        foreach (var id in ids)
        {
            var points = (await server.Client.GetHistoryAsync(new GetHistoryRequest { CompanyId = id })).Points;
            found[id] = [.. points.Where(p => p.Cause == ChangeCause.Market).Select(p => p.Version)];
        }

        return found;
    }

    // Ticks to every company, and every fifth round a commitment whose acknowledged version is kept;
    // a write refused by a dying silo goes to the next one.
    private static Task WriteContinuously(ServerProcess[] silos, string[] ids, ConcurrentBag<(string, ulong)> acknowledged, CancellationToken stop) => Task.Run(async () =>
    {
        var asOf = DateTimeOffset.UtcNow.AddMinutes(-2);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var id = ids[n % ids.Length];
            var alive = silos.Where(s => !s.HasExited).ToArray();
            if (alive.Length == 0)
            {
                return;
            }

            var silo = alive[(n / ids.Length) % alive.Length];

            try
            {
                var deadline = DateTime.UtcNow.AddSeconds(5);
                await silo.Client.PublishMarketDataAsync(Requests.Tick(id, asOf.AddMilliseconds(n), marketCap: 1_000 + (n % 500)), deadline: deadline);
                if (n % (5 * ids.Length) < ids.Length)
                {
                    var response = await silo.Client.UpsertCommitmentAsync(Requests.Commitment(id, $"c-{n}"), deadline: deadline);
                    acknowledged.Add((id, response.Version));
                }
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Aborted or StatusCode.Unknown or StatusCode.Cancelled)
            {
                await Task.Delay(20, CancellationToken.None);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or HttpRequestException)
            {
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }, CancellationToken.None);
}

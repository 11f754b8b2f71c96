using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Tests;
using Xunit.Abstractions;

namespace RiskGrains.Client.Tests;

/// <summary>Two silos of a cluster on a real redis-server, both addresses given to the client, the one it uses killed with SIGKILL.</summary>
[Trait("Category", "Process")] // two server processes on a real redis-server, one killed with SIGKILL
public sealed class SiloLossTests(ITestOutputHelper output) : IDisposable
{
    private readonly ClientLog _log = new();

    public void Dispose() => _log.Dispose();

    [Fact]
    public async Task When_the_silo_of_a_watch_is_lost_it_resumes_on_the_next_address_and_writes_go_on_there()
    {
        using var redis = await RedisServer.StartAsync();
        var clusterId = "client-" + Guid.NewGuid().ToString("N")[..8];
        var silos = await Task.WhenAll(ClusterTests.StartSilo(redis, clusterId), ClusterTests.StartSilo(redis, clusterId));
        var (first, second) = (silos[0], silos[1]);
        try
        {
            using var client = new RiskGrainsClient(
                new RiskGrainsClientOptions
                {
                    Address = first.Address,
                    Addresses = { second.Address },
                    Retry = { MaxAttempts = 60, MaxDelay = TimeSpan.FromSeconds(1) },
                    Reconnect = { MaxDelay = TimeSpan.FromSeconds(1) },
                },
                _log.Factory);
            var ids = Enumerable.Range(0, 6).Select(i => Requests.NewCompanyId($"SL{i}")).ToArray();
            foreach (var id in ids)
            {
                await client.UpsertCompanyAsync(Requests.Company(id));
                await client.ReportFinancialsAsync(Requests.Financials(id));
            }

            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var seen = new ConcurrentQueue<(string Company, ulong Version, long At)>();
            var watching = Task.Run(async () =>
            {
                try
                {
                    await foreach (var update in client.WatchAsync(ids, cancellationToken: stop.Token))
                    {
                        seen.Enqueue((update.Risk.CompanyId, update.Risk.Version, Stopwatch.GetTimestamp()));
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // The test is done with the watch.
                }
            });
            Assert.True(await Eventually.True(() => seen.Count >= ids.Length), "the watch did not start");

            first.KillHard();
            var killed = Stopwatch.GetTimestamp();

            // A tick of every company through the client, which moves on to the surviving silo.
            var ticked = new Dictionary<string, ulong>();
            foreach (var id in ids)
            {
                ticked[id] = (await client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow))).Version;
            }

            var caughtUp = await Eventually.True(() => ids.All(id => seen.Any(u => u.Company == id && u.Version >= ticked[id])), TimeSpan.FromSeconds(30));
            await stop.CancelAsync();
            await watching;

            Assert.True(caughtUp, "the watch did not see every tick made after the loss of its silo");
            var updates = seen.ToArray();
            foreach (var id in ids)
            {
                var versions = updates.Where(u => u.Company == id).Select(u => u.Version).ToArray();
                Assert.True(versions.Zip(versions.Skip(1)).All(p => p.Second > p.First), $"{id}: {string.Join(",", versions)}");
            }

            Assert.Contains(_log.Reconnections, r => r.Message.Contains(first.Address.ToString(), StringComparison.Ordinal));
            var afterLoss = updates.Where(u => u.At > killed).ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kill to the first update through {second.Address}: {Stopwatch.GetElapsedTime(killed, afterLoss.Min(u => u.At)).TotalSeconds:0.000} s; to the last company's tick: {Stopwatch.GetElapsedTime(killed, afterLoss.Max(u => u.At)).TotalSeconds:0.000} s"));
            output.WriteLine($"retries logged: {_log.Retries.Count}, reconnections: {_log.Reconnections.Count}");
            foreach (var entry in _log.Reconnections.Concat(_log.Retries).Take(4))
            {
                output.WriteLine(entry.Message);
            }
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Tests;
using Xunit.Abstractions;

namespace RiskGrains.Client.Tests;

/// <summary>A server process killed with SIGKILL and started again on the same address and data folder, under a watch and writes.</summary>
[Trait("Category", "Process")] // a server process killed with SIGKILL and restarted
public sealed class RestartTests(ITestOutputHelper output) : IDisposable
{
    private readonly ClientLog _log = new();

    public void Dispose() => _log.Dispose();

    [Fact]
    public async Task A_watch_continues_across_a_kill_9_and_restart_with_versions_strictly_rising_and_none_twice()
    {
        var keys = new KeyFile(("feed", "writer"));
        var first = await ServerProcess.StartAsync(ServiceHost.TempDirectory(), [.. keys.Settings, "--RiskGrains:LoadSampleData", "false"]);
        ServerProcess? second = null;
        try
        {
            using var client = new RiskGrainsClient(Patient(first.Address, keys["feed"]), _log.Factory);
            var (ticked, quiet) = (Requests.NewCompanyId("RT"), Requests.NewCompanyId("RQ"));
            await CreateAsync(client, ticked);
            var quietVersion = await CreateAsync(client, quiet);

            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var seen = new ConcurrentQueue<(string Company, ulong Version, ChangeCause Cause, long At)>();
            var watching = Task.Run(async () =>
            {
                try
                {
                    await foreach (var update in client.WatchAsync([ticked, quiet], cancellationToken: stop.Token))
                    {
                        seen.Enqueue((update.Risk.CompanyId, update.Risk.Version, update.Cause, Stopwatch.GetTimestamp()));
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // The test is done with the watch.
                }
            });
            Assert.True(await Eventually.True(() => seen.Count >= 2), "the watch did not start");

            // Before: ticks the watch sees on the first process.
            var acknowledged = new ConcurrentQueue<(ulong Version, long Sent, long Answered)>();
            for (var i = 0; i < 5; i++)
            {
                await TickAsync(client, ticked, acknowledged);
            }

            Assert.True(await SeesAsync(seen, ticked, acknowledged.Last().Version), "the watch missed a tick before the kill");

            // During: a tick every 50 ms through the kill and the restart; each one retried until the server is back.
            using var stopTicking = new CancellationTokenSource();
            var ticking = Task.Run(async () =>
            {
                while (!stopTicking.IsCancellationRequested)
                {
                    await TickAsync(client, ticked, acknowledged);
                    await Task.Delay(50);
                }
            });
            await Task.Delay(500);
            var killed = Stopwatch.GetTimestamp();
            first.KillHard();
            var down = Stopwatch.GetTimestamp();

            // One more tick sent while nothing listens, beside the one the ticker had in flight.
            var sentWhileDown = TickAsync(client, ticked, acknowledged);
            second = await first.StartAgainAsync();
            var serving = Stopwatch.GetTimestamp();
            await sentWhileDown;
            await Task.Delay(1000);
            await stopTicking.CancelAsync();
            await ticking;

            // After: ticks on the second process.
            for (var i = 0; i < 5; i++)
            {
                await TickAsync(client, ticked, acknowledged);
            }

            var last = acknowledged.Last().Version;
            Assert.True(await SeesAsync(seen, ticked, last, TimeSpan.FromSeconds(30)), $"the watch did not see version {last} after the restart");
            await stop.CancelAsync();
            await watching;

            var updates = seen.ToArray();
            foreach (var company in new[] { ticked, quiet })
            {
                var versions = updates.Where(u => u.Company == company).Select(u => u.Version).ToArray();
                Assert.True(versions.Zip(versions.Skip(1)).All(p => p.Second > p.First), $"{company}: {string.Join(",", versions)}");
            }

            // The quiet company did not change: resuming resent nothing of it.
            Assert.Equal([(quiet, quietVersion, ChangeCause.Snapshot)], updates.Where(u => u.Company == quiet).Select(u => (u.Company, u.Version, u.Cause)));

            // Ticks sent while the server was down were answered once it was back: by the second process, above every
            // version the first one answered.
            var firstProcess = acknowledged.Where(a => a.Answered < down).Max(a => a.Version);
            var duringOutage = acknowledged.Where(a => a.Sent > down && a.Sent < serving).ToArray();
            Assert.NotEmpty(duringOutage);
            Assert.All(duringOutage, a => Assert.True(a.Version > firstProcess, $"{a.Version} > {firstProcess}"));
            Assert.NotEmpty(_log.Retries);
            Assert.NotEmpty(_log.Reconnections);

            // The first process's versions, and the second's (from a reserved ceiling: ticks are stored in the background).
            var afterRestart = updates.Where(u => u.At > down).ToArray();
            output.WriteLine($"{ticked} versions seen from the first process: {string.Join(",", updates.Where(u => u.At <= down && u.Company == ticked).Select(u => u.Version))}");
            output.WriteLine($"{ticked} versions seen from the second: {string.Join(",", afterRestart.Where(u => u.Company == ticked).Select(u => $"{u.Version}{(u.Cause == ChangeCause.Snapshot ? " (snapshot)" : "")}"))}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kill to serving again: {Stopwatch.GetElapsedTime(killed, serving).TotalSeconds:0.000} s; to the first update of the second process on the watch: {Stopwatch.GetElapsedTime(killed, afterRestart[0].At).TotalSeconds:0.000} s ({Stopwatch.GetElapsedTime(serving, afterRestart[0].At).TotalSeconds:0.000} s after serving)"));
            output.WriteLine($"ticks answered: {acknowledged.Count}, of which sent during the outage: {duringOutage.Length}; retries logged: {_log.Retries.Count}, reconnections: {_log.Reconnections.Count}");
            foreach (var reconnection in _log.Reconnections.Take(3))
            {
                output.WriteLine(reconnection.Message);
            }
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_write_sent_while_the_server_restarts_succeeds_once_it_is_back_and_is_applied_once()
    {
        var keys = new KeyFile(("feed", "writer"));
        var first = await ServerProcess.StartAsync(ServiceHost.TempDirectory(), [.. keys.Settings, "--RiskGrains:LoadSampleData", "false"]);
        ServerProcess? second = null;
        try
        {
            using var client = new RiskGrainsClient(Patient(first.Address, keys["feed"]), _log.Factory);
            var id = Requests.NewCompanyId("RW");
            var before = await CreateAsync(client, id);

            first.KillHard();
            var write = client.UpsertCommitmentAsync(Requests.Commitment(id, "dc-2", 25));
            await Task.Delay(1000);
            Assert.False(write.IsCompleted);
            second = await first.StartAgainAsync();
            var written = await write;
            var again = await client.UpsertCommitmentAsync(Requests.Commitment(id, "dc-2", 25));
            var risk = await client.GetRiskAsync(id);

            Assert.Equal(before + 1, written.Version);
            Assert.Equal(before + 1, again.Version);
            Assert.Equal((before + 1, 2), (risk.Version, risk.Inputs.Commitments));
            Assert.Contains(_log.Retries, r => r.Message.Contains(nameof(StatusCode.Unavailable), StringComparison.Ordinal));
            output.WriteLine($"attempts that failed before the write went through: {_log.Retries.Count}");
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    /// <summary>Retries and reconnections that outlast a restart on a busy 2-core machine: attempts every second at most, for a minute.</summary>
    private static RiskGrainsClientOptions Patient(Uri address, string key) => new()
    {
        Address = address,
        ApiKey = key,
        Retry = { MaxAttempts = 60, MaxDelay = TimeSpan.FromSeconds(1) },
        Reconnect = { MaxDelay = TimeSpan.FromSeconds(1) },
    };

    private static async Task<ulong> CreateAsync(RiskGrainsClient client, string id)
    {
        await client.UpsertCompanyAsync(Requests.Company(id));
        await client.ReportFinancialsAsync(Requests.Financials(id));
        return (await client.UpsertCommitmentAsync(Requests.Commitment(id))).Version;
    }

    private static async Task TickAsync(RiskGrainsClient client, string id, ConcurrentQueue<(ulong Version, long Sent, long Answered)> acknowledged)
    {
        var sent = Stopwatch.GetTimestamp();
        var response = await client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow, 1000 + (acknowledged.Count % 50)));
        acknowledged.Enqueue((response.Version, sent, Stopwatch.GetTimestamp()));
    }

    private static Task<bool> SeesAsync(ConcurrentQueue<(string Company, ulong Version, ChangeCause Cause, long At)> seen, string company, ulong version, TimeSpan? timeout = null) =>
        Eventually.True(() => seen.Any(u => u.Company == company && u.Version >= version), timeout);
}

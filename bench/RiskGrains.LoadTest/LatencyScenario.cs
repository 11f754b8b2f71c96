using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.LoadTest;

/// <summary>
/// latency: W watch streams of K companies each, ticks at a fixed rate over the watched companies,
/// and each update's delay from its tick's as_of (the send time) to its arrival at the watcher.
/// With --stalled X, a reference phase runs first without them, then X streams that never read are
/// opened and the same phase runs again: their effect on the others' p99 and on the server's memory.
/// With --read-mask, every watch stream asks for those fields of CompanyRisk only; each phase reports
/// the mean size of the messages the watchers received.
/// </summary>
internal static class LatencyScenario
{
    private static readonly TimeSpan WatchReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ResponseGrace = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CallLength = TimeSpan.FromSeconds(1);

    public static async Task Run(RunContext run)
    {
        var o = run.Options;
        if (!o.NoSetup)
        {
            await ThroughputScenarios.SetupSampleCompanies(run);
        }

        // Watcher w watches companies [w*K, (w+1)*K) modulo N; ticks go round-robin over all of them.
        var watchSets = Enumerable.Range(0, o.Watchers)
            .Select(w => Enumerable.Range(0, o.WatchSize).Select(j => run.CompanyIds[(int)(((long)w * o.WatchSize + j) % o.Companies)]).Distinct().ToArray())
            .ToArray();
        var watched = watchSets.SelectMany(s => s).Distinct().ToArray();
        run.Report["watched_companies"] = watched.Length;

        var recorder = new Recorder();
        var watchRisk = CountingBytes(recorder);
        var readMask = o.WatchReadMask.Count == 0 ? null : new FieldMask { Paths = { o.WatchReadMask } };
        using var stopWatchers = CancellationTokenSource.CreateLinkedTokenSource(run.Cancellation);
        var watchers = new List<Task>();
        var ready = new List<Task>();
        var openedAt = Stopwatch.StartNew();
        for (var w = 0; w < watchSets.Length; w++)
        {
            var isReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ready.Add(isReady.Task);
            var invoker = run.Connections.Invokers[w % run.Connections.Count];
            var ids = watchSets[w];
            watchers.Add(Task.Run(() => Watch(invoker, watchRisk, new V1.WatchRiskRequest { CompanyIds = { ids }, ReadMask = readMask }, recorder, isReady, stopWatchers.Token)));
        }

        GrpcChannel? stalledChannel = null;
        var stalledCalls = new List<AsyncServerStreamingCall<V1.WatchRiskResponse>>();
        try
        {
            var allReady = Task.WhenAll(ready);
            if (await Task.WhenAny(allReady, Task.Delay(WatchReadyTimeout, run.Cancellation)) != allReady)
            {
                throw new LoadTestException($"the watch streams did not all receive their snapshots within {WatchReadyTimeout.TotalSeconds} s ({ready.Count(t => t.IsCompletedSuccessfully)} of {ready.Count} ready)");
            }

            await allReady; // surfaces a watcher's failure (NOT_FOUND for missing companies, say)
            run.Report["snapshots_at_open"] = recorder.Current.Snapshots;
            run.Report["watch_open_seconds"] = Report.Round(openedAt.Elapsed.TotalSeconds, 3);

            // Unrecorded: the first seconds carry both processes' JIT and the grains' first ticks.
            if (o.WarmupSeconds > 0)
            {
                await Phase(run, "latency-warmup", watched, recorder, TimeSpan.FromSeconds(o.WarmupSeconds));
            }

            if (o.Stalled > 0)
            {
                var reference = await Phase(run, "latency-reference", watched, recorder, run.Duration);
                var referenceJson = reference.Json;
                run.Report["without_stalled"] = referenceJson;

                // A client of its own (its own connections) that opens X watches and never reads them.
                var rssBefore = await MinimumRss(run);
                stalledChannel = ServerConnections.Open(o.Target);
                var stalledClient = new V1.RiskService.RiskServiceClient(stalledChannel);
                for (var x = 0; x < o.Stalled; x++)
                {
                    stalledCalls.Add(stalledClient.WatchRisk(new V1.WatchRiskRequest { CompanyIds = { watchSets[x % watchSets.Length] }, ReadMask = readMask }, cancellationToken: run.Cancellation));
                }

                await Task.Delay(TimeSpan.FromSeconds(2), run.Cancellation);
                var withStalled = await Phase(run, "latency-stalled", watched, recorder, run.Duration);
                var rssAfter = await MinimumRss(run);
                Publish(run, withStalled);

                var refP99 = reference.Stats.Delays.PercentileMs(99);
                var p99 = withStalled.Stats.Delays.PercentileMs(99);
                run.Report["p99_change_with_stalled"] = refP99 is > 0 && p99 is { } v ? Math.Round((v / refP99.Value) - 1, 4) : null;
                run.Report["p99_within_10_percent"] = refP99 is > 0 && p99 is { } v2 ? v2 <= refP99.Value * 1.10 : null;
                run.Report["server_rss_before_stalled_bytes"] = rssBefore;
                run.Report["server_rss_after_stalled_bytes"] = rssAfter;
                run.Report["server_rss_max_during_stalled_bytes"] = withStalled.MaxRss;
                run.Report["server_rss_growth_with_stalled_bytes"] = rssBefore is { } b && rssAfter is { } a ? a - b : null;
                run.Report["rss_method"] = "VmRSS of /proc/PID/status; before and after: minimum of 5 samples 500 ms apart (after the phase drained); max: sampled once a second";
            }
            else
            {
                var rssBefore = run.Server?.ResidentBytes();
                var phase = await Phase(run, "latency", watched, recorder, run.Duration);
                Publish(run, phase);
                run.Report["server_rss_before_bytes"] = rssBefore;
                run.Report["server_rss_after_bytes"] = run.Server?.ResidentBytes();
            }
        }
        finally
        {
            await stopWatchers.CancelAsync();
            foreach (var call in stalledCalls)
            {
                call.Dispose();
            }

            stalledChannel?.Dispose();
            await Task.WhenAny(Task.WhenAll(watchers), Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None));
        }

        var watcherFailures = recorder.Failures;
        run.Report["watch_failures"] = watcherFailures.Count;
        if (watcherFailures.Count > 0)
        {
            run.Report["first_watch_failure"] = watcherFailures[0];
            throw new LoadTestException($"{watcherFailures.Count} watch stream(s) failed: {watcherFailures[0]}");
        }
    }

    private static void Publish(RunContext run, PhaseOutcome phase)
    {
        phase.Stats.WriteTo(run.Report);
        run.Report["ticks_per_second"] = phase.Json["ticks"]?["per_second"]?.DeepClone();
        run.Report["ticks"] = phase.Json["ticks"]?.DeepClone();
        run.Report["achieved_send_rate"] = phase.Json["achieved_send_rate"]?.DeepClone();
        run.Report["generator_cpu_seconds"] = phase.Json["generator_cpu_seconds"]?.DeepClone();
        run.Report["generator_cpu_share"] = phase.Json["generator_cpu_share"]?.DeepClone();
        run.Report["server_cpu_seconds"] = phase.Json["server_cpu_seconds"]?.DeepClone();
        run.Report["other_cpu_seconds"] = phase.Json["other_cpu_seconds"]?.DeepClone();
        run.Report["mean_update_bytes"] = phase.Json["mean_update_bytes"]?.DeepClone();
    }

    private static async Task<long?> MinimumRss(RunContext run) =>
        run.Server is { } server ? await server.MinimumResidentBytes(5, TimeSpan.FromMilliseconds(500), run.Cancellation) : null;

    private sealed record PhaseOutcome(WatchStats Stats, JsonObject Json, long? MaxRss);

    /// <summary>Sends paced ticks for the run's duration, waits for the updates to drain, and returns what the watchers saw.</summary>
    private static async Task<PhaseOutcome> Phase(RunContext run, string name, IReadOnlyList<string> watched, Recorder recorder, TimeSpan duration)
    {
        var o = run.Options;
        var stats = new WatchStats();
        var bytes = recorder.Start(stats);

        // C x P paced streams as in the other scenarios: the server applies each stream's messages one after another.
        var streams = Math.Min(o.Streams, watched.Count);
        var counters = new PhaseCounters();
        long? maxRss = null;
        var cpuAtStart = Report.GeneratorCpu();
        var serverCpuAtStart = run.Server?.CpuTime();
        var busyAtStart = MachineLoad.BusyCpu();
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        await using (Progress.Start(name, counters, () =>
        {
            if (run.Server?.ResidentBytes() is { } rss)
            {
                maxRss = Math.Max(maxRss ?? 0, rss);
            }

            return string.Create(CultureInfo.InvariantCulture, $"updates {stats.Updates:N0}  p99 {stats.Delays.PercentileMs(99):F2} ms  server rss max {maxRss / (1024 * 1024):N0} MiB");
        }))
        {
            var senders = Enumerable.Range(0, streams).Select(s =>
            {
                var encoder = new TickEncoder(watched.Where((_, i) => i % streams == s).ToList(), o.Batch);
                var invoker = run.Connections.Invokers[s % run.Connections.Count];
                return Task.Run(() => PacedStream(invoker, encoder, (double)o.Rate / streams, o.Batch, duration, counters, failures, run.Cancellation));
            });
            await Task.WhenAll(senders);

            // Let the last updates arrive: until the watchers are quiet for 300 ms, at most 5 s.
            var drain = Stopwatch.StartNew();
            while (stats.QuietMs < 300 && drain.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(50, run.Cancellation);
            }
        }

        var elapsed = clock.Elapsed;
        var cpu = Report.GeneratorCpu() - cpuAtStart;
        var serverCpu = serverCpuAtStart is { } sc && run.Server?.CpuTime() is { } ec ? ec - sc : (TimeSpan?)null;
        var ticks = new JsonObject
        {
            ["sent"] = counters.Sent,
            ["acknowledged"] = counters.Acknowledged,
            ["applied"] = counters.Applied,
            ["ignored"] = counters.Ignored,
            ["rejected"] = counters.Rejected,
            ["per_second"] = Report.Round(counters.Acknowledged / duration.TotalSeconds),
        };
        var json = new JsonObject
        {
            ["ticks"] = ticks,
            ["achieved_send_rate"] = Report.Round(counters.Sent / duration.TotalSeconds),
            ["elapsed_seconds_with_drain"] = Report.Round(elapsed.TotalSeconds, 3),
            ["generator_cpu_seconds"] = Report.Round(cpu.TotalSeconds, 2),
            ["generator_cpu_share"] = Math.Round(cpu.TotalSeconds / (elapsed.TotalSeconds * Environment.ProcessorCount), 3),
            ["server_cpu_seconds"] = serverCpu is { } v ? Report.Round(v.TotalSeconds, 2) : null,
            ["other_cpu_seconds"] = MachineLoad.Others(busyAtStart, cpu, serverCpu) is { } other ? Report.Round(other.TotalSeconds, 2) : null,
        };
        stats.WriteTo(json);
        json["mean_update_bytes"] = bytes.Mean is { } mean ? Report.Round(mean, 1) : null;
        lock (failures)
        {
            if (failures.Count > 0)
            {
                throw new LoadTestException($"{name}: {failures.Count} tick stream(s) failed: {failures[0]}");
            }
        }

        if (counters.Rejected > 0)
        {
            throw new LoadTestException($"{name}: the server rejected {counters.Rejected:N0} ticks (do the companies exist? run without --no-setup)");
        }

        return new PhaseOutcome(stats, json, maxRss);
    }

    /// <summary>
    /// One tick stream at <paramref name="rate"/> ticks/s: every slice (1-10 ms) it sends what is due
    /// since the start (so a late slice catches up), stamped with the send time; ~1 s calls.
    /// </summary>
    private static async Task PacedStream(
        CallInvoker invoker, TickEncoder encoder, double rate, int batch, TimeSpan duration, PhaseCounters counters, List<string> failures, CancellationToken cancellationToken)
    {
        // ~1 ms slices at high rates; longer (at most 10 ms) when a slice would hold fewer than ~10 ticks,
        // since each wake-up costs the generator CPU that the server shares. Ticks carry their send time.
        var slice = TimeSpan.FromMilliseconds(Math.Clamp(10_000 / rate, 1, 10));
        var clock = Stopwatch.StartNew();
        long sent = 0;
        try
        {
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var callEnd = clock.Elapsed + CallLength;
                var options = new CallOptions(deadline: DateTime.UtcNow + (duration - clock.Elapsed) + ResponseGrace, cancellationToken: cancellationToken);
                using var call = invoker.AsyncClientStreamingCall(ServerConnections.RiskIngest, null, options);
                while (clock.Elapsed < callEnd && clock.Elapsed < duration)
                {
                    var due = (long)(rate * clock.Elapsed.TotalSeconds) - sent;
                    if (due <= 0)
                    {
                        await Task.Delay(slice, cancellationToken);
                        continue;
                    }

                    var message = encoder.Encode((int)Math.Min(due, batch), MicrosClock.NowMicros());
                    await call.RequestStream.WriteAsync(message, cancellationToken);
                    sent += message.Items;
                    counters.AddSent(message.Items);
                }

                await call.RequestStream.CompleteAsync();
                var response = await call.ResponseAsync;
                counters.AddResponse((long)response.Applied, (long)response.Ignored, (long)response.Conflated, (long)response.Rejected);
            }
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or InvalidOperationException or IOException)
        {
            lock (failures)
            {
                failures.Add(e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : $"{e.GetType().Name}: {e.Message}");
            }
        }
    }

    /// <summary>
    /// WatchRisk answering <see cref="WatchUpdate"/>s that adds each message's size to the recorder's phase: the
    /// protobuf bytes of the WatchRiskResponse, as the deserializer is handed them (no gRPC or HTTP/2 framing).
    /// </summary>
    private static Method<V1.WatchRiskRequest, WatchUpdate> CountingBytes(Recorder recorder)
    {
        var method = WatchUpdate.WatchRisk;
        var parse = method.ResponseMarshaller.ContextualDeserializer;
        return new Method<V1.WatchRiskRequest, WatchUpdate>(
            method.Type,
            method.ServiceName,
            method.Name,
            method.RequestMarshaller,
            new Marshaller<WatchUpdate>(method.ResponseMarshaller.ContextualSerializer, context =>
            {
                recorder.Received(context.PayloadLength);
                return parse(context);
            }));
    }

    /// <summary>One watch stream: records each update's delay and the versions it skipped.</summary>
    private static async Task Watch(
        CallInvoker invoker, Method<V1.WatchRiskRequest, WatchUpdate> watchRisk, V1.WatchRiskRequest request, Recorder recorder, TaskCompletionSource ready, CancellationToken cancellationToken)
    {
        var ids = request.CompanyIds;
        var lastVersion = new Dictionary<string, ulong>(ids.Count, StringComparer.Ordinal);
        try
        {
            using var call = invoker.AsyncServerStreamingCall(watchRisk, null, new CallOptions(cancellationToken: cancellationToken), request);
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                var arrival = MicrosClock.NowMicros();
                var stats = recorder.Current;
                stats.Arrived();
                var update = call.ResponseStream.Current;
                var seen = lastVersion.TryGetValue(update.CompanyId, out var previous);
                if (seen && update.Version > previous + 1)
                {
                    stats.Skipped(update.Version - previous - 1);
                }
                else if (seen && update.Version <= previous)
                {
                    stats.Regressed();
                }

                if (!seen || update.Version > previous)
                {
                    lastVersion[update.CompanyId] = update.Version;
                }

                if (update.Cause == V1.ChangeCause.Snapshot)
                {
                    stats.Snapshot();
                    if (lastVersion.Count == ids.Count)
                    {
                        ready.TrySetResult();
                    }

                    continue;
                }

                stats.Update(update.MarketAsOfMicros is { } asOf ? arrival - asOf : null);
            }

            ready.TrySetException(new LoadTestException("a watch stream ended before its snapshots"));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            // Stopped at the end of the run.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped at the end of the run.
        }
        catch (Exception e) when (e is RpcException or IOException or InvalidOperationException)
        {
            var text = e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : $"{e.GetType().Name}: {e.Message}";
            recorder.Fail(text);
            ready.TrySetException(new LoadTestException("a watch stream failed: " + text));
        }
    }

    /// <summary>Where the watchers record: the current phase's stats and message sizes, swapped between phases.</summary>
    private sealed class Recorder
    {
        private readonly List<string> _failures = [];
        private volatile WatchStats _current = new();
        private volatile MessageBytes _bytes = new();

        public WatchStats Current => _current;

        /// <summary>Records into <paramref name="stats"/> from now on; returns the phase's message sizes.</summary>
        public MessageBytes Start(WatchStats stats)
        {
            var bytes = new MessageBytes();
            _bytes = bytes;
            _current = stats;
            return bytes;
        }

        public void Received(int bytes) => _bytes.Add(bytes);

        public IReadOnlyList<string> Failures
        {
            get
            {
                lock (_failures)
                {
                    return [.. _failures];
                }
            }
        }

        public void Fail(string failure)
        {
            lock (_failures)
            {
                _failures.Add(failure);
            }
        }
    }

    /// <summary>The messages the watchers received in one phase and their protobuf bytes (thread-safe).</summary>
    private sealed class MessageBytes
    {
        private long _messages;
        private long _bytes;

        /// <summary>Bytes per message; null before the first.</summary>
        public double? Mean => Interlocked.Read(ref _messages) is > 0 and var messages ? (double)Interlocked.Read(ref _bytes) / messages : null;

        public void Add(int bytes)
        {
            Interlocked.Increment(ref _messages);
            Interlocked.Add(ref _bytes, bytes);
        }
    }
}

using System.Diagnostics;
using Grpc.Core;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.LoadTest;

/// <summary>
/// Drives batched Ingest streams: P concurrent streams on each of the C connections, each a
/// sequence of calls of about one second, so the acknowledged counts arrive while the phase runs.
/// A stream writes its next message as soon as the previous write is accepted (HTTP/2 flow control
/// is the only back-pressure) and waits only at the end of each call for the server's counts.
/// </summary>
internal static class IngestRunner
{
    private static readonly TimeSpan CallLength = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ResponseGrace = TimeSpan.FromSeconds(60);
    private const int MaxKeptErrors = 20;

    /// <summary>Market ticks for <paramref name="duration"/>, to RiskService.Ingest or, when <paramref name="baseline"/>, to BaselineService.Ingest.</summary>
    public static async Task<IngestPhaseResult> RunTicks(
        string phase, ServerConnections connections, bool baseline, IReadOnlyList<string> companyIds, int streams, int batch,
        TimeSpan duration, ServerProcess? server, CancellationToken cancellationToken, ScoreProbe? probe = null)
    {
        // Each stream owns every streams-th company, so a company's ticks arrive in as_of order.
        streams = Math.Min(streams, companyIds.Count);
        var encoders = Enumerable.Range(0, streams)
            .Select(s => new TickEncoder(companyIds.Where((_, i) => i % streams == s).ToList(), batch, probe))
            .ToArray();

        var run = new PhaseRun(phase, server);
        probe?.Start();
        await using (Progress.Start(phase, run.Counters))
        {
            var workers = encoders.Select((encoder, s) => Task.Run(() => baseline
                ? TickStream(run, connections.Invokers[s % connections.Count], ServerConnections.BaselineIngest, encoder, batch, duration,
                    r => new Counts((long)r.Received, 0, 0, 0, []), cancellationToken)
                : TickStream(run, connections.Invokers[s % connections.Count], ServerConnections.RiskIngest, encoder, batch, duration,
                    r => new Counts((long)r.Applied, (long)r.Ignored, (long)r.Conflated, (long)r.Rejected, r.Errors), cancellationToken)));
            await Task.WhenAll(workers);
        }

        return run.Finish();
    }

    /// <summary>
    /// Creates companies: the writes of company i are <paramref name="itemsFor"/>(i), all in one
    /// message (so they apply in order), <paramref name="companiesPerMessage"/> companies a message.
    /// </summary>
    public static async Task<IngestPhaseResult> RunSetup(
        string phase, ServerConnections connections, int companies, int companiesPerMessage, int streams,
        Func<int, IEnumerable<V1.IngestItem>> itemsFor, ServerProcess? server, CancellationToken cancellationToken)
    {
        var run = new PhaseRun(phase, server);
        var chunks = (companies + companiesPerMessage - 1) / companiesPerMessage;
        var next = -1;
        int? Take()
        {
            var chunk = Interlocked.Increment(ref next);
            return chunk < chunks ? chunk : null;
        }

        await using (Progress.Start(phase, run.Counters))
        {
            var workers = Enumerable.Range(0, Math.Max(1, Math.Min(streams, chunks)))
                .Select(s => Task.Run(() => SetupStream(run, connections.Clients[s % connections.Count], Take, companies, companiesPerMessage, itemsFor, cancellationToken)));
            await Task.WhenAll(workers);
        }

        return run.Finish();
    }

    private static async Task TickStream<TResponse>(
        PhaseRun run, CallInvoker invoker, Method<EncodedBatch, TResponse> method, TickEncoder encoder, int batch, TimeSpan duration,
        Func<TResponse, Counts> read, CancellationToken cancellationToken)
        where TResponse : class
    {
        try
        {
            while (run.Clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var callEnd = Min(run.Clock.Elapsed + CallLength, duration);
                var options = new CallOptions(deadline: DateTime.UtcNow + (duration - run.Clock.Elapsed) + ResponseGrace, cancellationToken: cancellationToken);
                using var call = invoker.AsyncClientStreamingCall(method, null, options);
                do
                {
                    var message = encoder.Encode(batch, MicrosClock.NowMicros());
                    run.MarkFirstSend();
                    await call.RequestStream.WriteAsync(message, cancellationToken);
                    run.Counters.AddSent(message.Items);
                }
                while (run.Clock.Elapsed < callEnd && !cancellationToken.IsCancellationRequested);

                await call.RequestStream.CompleteAsync();
                run.Count(read(await call.ResponseAsync));
            }
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or InvalidOperationException or IOException)
        {
            run.Fail(e);
        }
    }

    private static async Task SetupStream(
        PhaseRun run, V1.RiskService.RiskServiceClient client, Func<int?> take, int companies, int companiesPerMessage,
        Func<int, IEnumerable<V1.IngestItem>> itemsFor, CancellationToken cancellationToken)
    {
        try
        {
            var chunk = take();
            while (chunk is not null && !cancellationToken.IsCancellationRequested)
            {
                var callEnd = run.Clock.Elapsed + CallLength;
                using var call = client.Ingest(cancellationToken: cancellationToken);
                do
                {
                    var request = new V1.IngestRequest();
                    var first = chunk.Value * companiesPerMessage;
                    for (var i = first; i < Math.Min(companies, first + companiesPerMessage); i++)
                    {
                        request.Items.Add(itemsFor(i));
                    }

                    run.MarkFirstSend();
                    await call.RequestStream.WriteAsync(request, cancellationToken);
                    run.Counters.AddSent(request.Items.Count);
                    chunk = take();
                }
                while (chunk is not null && run.Clock.Elapsed < callEnd && !cancellationToken.IsCancellationRequested);

                await call.RequestStream.CompleteAsync();
                var response = await call.ResponseAsync;
                run.Count(new Counts((long)response.Applied, (long)response.Ignored, (long)response.Conflated, (long)response.Rejected, response.Errors));
            }
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or InvalidOperationException or IOException)
        {
            run.Fail(e);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private readonly record struct Counts(long Applied, long Ignored, long Conflated, long Rejected, IEnumerable<V1.IngestError> Errors);

    /// <summary>The shared state of one phase's streams.</summary>
    private sealed class PhaseRun(string phase, ServerProcess? server)
    {
        private readonly object _gate = new();
        private readonly List<string> _errors = [];
        private readonly List<string> _failures = [];
        private readonly TimeSpan _cpuAtStart = Report.GeneratorCpu();
        private readonly TimeSpan? _serverCpuAtStart = server?.CpuTime();
        private readonly TimeSpan? _busyAtStart = MachineLoad.BusyCpu();
        private long _firstSend = -1;
        private long _lastResponse = -1;
        private long _calls;

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public PhaseCounters Counters { get; } = new();

        public void MarkFirstSend()
        {
            if (Interlocked.Read(ref _firstSend) < 0)
            {
                Interlocked.CompareExchange(ref _firstSend, Clock.Elapsed.Ticks, -1);
            }
        }

        public void Count(Counts counts)
        {
            Counters.AddResponse(counts.Applied, counts.Ignored, counts.Conflated, counts.Rejected);
            Interlocked.Increment(ref _calls);
            lock (_gate)
            {
                _lastResponse = Math.Max(_lastResponse, Clock.Elapsed.Ticks);
                foreach (var e in counts.Errors)
                {
                    if (_errors.Count >= MaxKeptErrors)
                    {
                        break;
                    }

                    _errors.Add($"{e.CompanyId}: {e.Message}");
                }
            }
        }

        public void Fail(Exception e)
        {
            var text = e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : $"{e.GetType().Name}: {e.Message}";
            lock (_gate)
            {
                _failures.Add(text);
            }

            Console.Error.WriteLine($"[{phase}] stream failed: {text}");
        }

        public IngestPhaseResult Finish()
        {
            lock (_gate)
            {
                var first = Interlocked.Read(ref _firstSend);
                var elapsed = first < 0 || _lastResponse < first ? TimeSpan.Zero : TimeSpan.FromTicks(_lastResponse - first);
                var serverCpu = _serverCpuAtStart is { } s && server?.CpuTime() is { } e ? e - s : (TimeSpan?)null;
                var generatorCpu = Report.GeneratorCpu() - _cpuAtStart;
                return new IngestPhaseResult(
                    phase, Counters.Sent, Counters.Applied, Counters.Ignored, Counters.Conflated, Counters.Rejected, Interlocked.Read(ref _calls), elapsed,
                    generatorCpu, serverCpu, MachineLoad.Others(_busyAtStart, generatorCpu, serverCpu), [.. _errors], [.. _failures]);
            }
        }
    }
}

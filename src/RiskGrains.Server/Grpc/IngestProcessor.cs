using System.Collections.Immutable;
using System.Diagnostics;
using Grpc.Core;
using RiskGrains.Grains;
using RiskGrains.Model;
using RiskGrains.Server.Hosting;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// Applies an Ingest stream batch by batch. A tick for a company active on this silo goes to the
/// silo's <see cref="MarketBoard"/>, which keeps the newest per company and gives the company one
/// turn for it, and the stream reads on. Other items, and ticks of companies not active here, are
/// grain calls, except ticks of companies known to be active on another silo: those go to that
/// silo's board, one <see cref="IMarketBoardGrain"/> call per destination silo and message. Grain
/// calls: within a batch each company's items run in the order sent, different companies
/// concurrently, and a run of ticks for one company collapses to its newest. A superseded tick counts
/// as conflated. An invalid item is rejected alone. Each batch is a trace of its own, so a long feed
/// does not make one unbounded trace. The response waits until every item is counted.
/// </summary>
internal sealed class IngestProcessor(IGrainFactory grains, MarketBoard board, RequestLimits limits)
{
    /// <summary>Rejections listed in the response; every one is counted.</summary>
    public const int MaxReportedErrors = TickFeed.MaxReportedRejections;
    private const int MaxCachedReferences = 1 << 20;

    // Batches sent to other silos' boards and not answered yet, per stream: the stream reads on until this many wait.
    private const int MaxRemoteBatchesInFlight = 32;

    // Resolving a grain reference costs more than a tick's whole evaluation; a feed names the same companies again and again.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ICompanyGrain> _references = new(StringComparer.Ordinal);

    // The silo hosting each company whose tick came back from another silo; forgotten when that silo's board does not have it.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _hosts = new(StringComparer.Ordinal);

    /// <summary>Applies the stream's batches; every write is recorded as made by <paramref name="principal"/>.</summary>
    public async Task<V1.IngestResponse> Run(IAsyncStreamReader<V1.IngestRequest> requests, string principal, CancellationToken cancellationToken)
    {
        CallerPrincipal.Flow(principal);
        var tally = new TickFeed(principal);
        var stream = Activity.Current?.Context ?? default;
        ulong index = 0;
        var byCompany = new Dictionary<string, CompanyWrites>(StringComparer.Ordinal);
        var pending = new List<Task>();
        var ticks = new List<(ulong Index, string CompanyId, Task<WriteResult> Write)>();
        var remote = new Dictionary<string, List<RoutedTick>>(StringComparer.Ordinal);
        var remoteSends = new List<Task>();
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (await NextMessage(requests, idle, cancellationToken))
        {
            // A root of its own, linked to the stream's span: without a current activity, a default
            // parent context makes a new trace rather than a child of the gRPC call.
            Activity.Current = null;
            using var batchSpan = RiskGrainsDiagnostics.ActivitySource.StartActivity(
                "ingest-batch", ActivityKind.Internal, parentContext: default, links: stream == default ? null : [new ActivityLink(stream)]);
            var batch = requests.Current.Items;
            batchSpan?.SetTag("ingest.items", batch.Count);

            // An unsampled batch still gives its updates a trace id of their own.
            var origin = new TickBatch(tally, batchSpan?.Context ?? TraceContextPropagation.NewUnsampledContext());
            byCompany.Clear();
            remote.Clear();
            foreach (var item in batch)
            {
                Read(item, index, origin, byCompany, remote);
                index++;
            }

            foreach (var (silo, routed) in remote)
            {
                tally.Hold();
                remoteSends.Add(SendToSilo(silo, [.. routed], origin));
            }

            if (remoteSends.Count >= MaxRemoteBatchesInFlight)
            {
                await Task.WhenAny(remoteSends);
                remoteSends.RemoveAll(send => send.IsCompleted);
            }

            if (byCompany.Count == 0)
            {
                continue;
            }

            RequestContext.Set(TraceContextPropagation.TraceParent, origin.TraceParent);

            // A company with a single tick in the batch (the usual case of a feed) is one grain call,
            // awaited with the others; a company with several items runs them in order.
            pending.Clear();
            ticks.Clear();
            foreach (var (companyId, writes) in byCompany)
            {
                var grain = Grain(companyId);
                if (writes.SingleTick is { } single)
                {
                    var write = grain.PublishMarketData(single.Tick);
                    ticks.Add((single.Index, companyId, write));
                    pending.Add(write);
                }
                else
                {
                    pending.Add(writes.ApplyInOrder(grain, companyId, tally));
                }
            }

            try
            {
                await Task.WhenAll(pending);
            }
            catch (UnknownCompanyException)
            {
                // Counted per item below; any other failure still fails the call.
                foreach (var task in pending)
                {
                    if (task.IsFaulted && task.Exception!.InnerException is not UnknownCompanyException)
                    {
                        await task;
                    }
                }
            }

            foreach (var (itemIndex, companyId, write) in ticks)
            {
                if (write.IsCompletedSuccessfully)
                {
                    tally.Count(write.Result.Applied);
                    Locate(companyId, write.Result);
                }
                else if (write.Exception?.InnerException is UnknownCompanyException unknown)
                {
                    tally.Reject(itemIndex, companyId, RpcErrors.UnknownCompanies([unknown.CompanyId]));
                }
                else
                {
                    await write;
                }
            }
        }

        // Ticks still waiting on a board are counted when their companies' turns come.
        await Task.WhenAll(remoteSends).WaitAsync(cancellationToken);
        await tally.Drained().WaitAsync(cancellationToken);
        return ToResponse(tally);
    }

    private static V1.IngestResponse ToResponse(TickFeed feed)
    {
        var response = new V1.IngestResponse
        {
            Applied = (ulong)feed.AppliedCount,
            Ignored = (ulong)feed.IgnoredCount,
            Conflated = (ulong)feed.ConflatedCount,
            Rejected = (ulong)feed.RejectedCount,
        };
        response.Errors.Add(feed.Rejections.Select(r => new V1.IngestError { Index = r.Index, CompanyId = r.CompanyId, Message = r.Message }));
        return response;
    }

    /// <summary>
    /// The next message, within <c>RiskGrains:Limits:IngestIdleTimeout</c>. gRPC keeps a message that is
    /// still arriving, and Kestrel's minimum data rate does not apply to streaming calls: without this a
    /// client that sends all but the last byte of a message would hold it, and the stream, for ever.
    /// </summary>
    private async Task<bool> NextMessage(IAsyncStreamReader<V1.IngestRequest> requests, CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        idle.CancelAfter(limits.Options.IngestIdleTimeout);
        try
        {
            return await requests.MoveNext(idle.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled }
                                   && idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var setting = LimitsOptions.Key(nameof(LimitsOptions.IngestIdleTimeout));
            throw new RpcException(new Status(
                StatusCode.DeadlineExceeded,
                $"no complete message for {setting} ({limits.Options.IngestIdleTimeout:c}): the stream is ended; what was applied stays applied, and sending again is safe"));
        }
        finally
        {
            // The time the batch takes to apply is not idle time.
            idle.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Ticks for companies active on another silo, to that silo's board in one call. Those it does not have
    /// (the company left it, or the silo is gone) are sent as grain calls, and where they land is learnt again.
    /// </summary>
    private async Task SendToSilo(string silo, ImmutableArray<RoutedTick> ticks, TickBatch origin)
    {
        var feed = origin.Feed;
        try
        {
            BoardReceipt receipt;
            try
            {
                receipt = await grains.GetGrain<IMarketBoardGrain>(silo).Absorb(ticks, feed.Principal, origin.TraceParent);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                receipt = new BoardReceipt(0, 0, 0, [], [.. Enumerable.Range(0, ticks.Length)]);
            }

            feed.Add(receipt);
            if (receipt.NotHere.IsEmpty)
            {
                return;
            }

            RequestContext.Set(TraceContextPropagation.TraceParent, origin.TraceParent);
            await Task.WhenAll(receipt.NotHere.Select(i => SendAsCall(ticks[i], feed)));
        }
        finally
        {
            feed.Release();
        }
    }

    private async Task SendAsCall(RoutedTick routed, TickFeed feed)
    {
        _hosts.TryRemove(routed.CompanyId, out _);
        try
        {
            var result = await Grain(routed.CompanyId).PublishMarketData(routed.Tick);
            feed.Count(result.Applied);
            Locate(routed.CompanyId, result);
        }
        catch (UnknownCompanyException ex)
        {
            feed.Reject(routed.Index, routed.CompanyId, RpcErrors.UnknownCompanies([ex.CompanyId]));
        }
    }

    /// <summary>A tick's result names the silo hosting its company; one on another silo gets the company's next ticks in batches.</summary>
    private void Locate(string companyId, WriteResult result)
    {
        if (result.Silo is not { } silo || silo == board.SiloKey)
        {
            return;
        }

        if (_hosts.Count >= MaxCachedReferences)
        {
            _hosts.Clear();
        }

        _hosts[companyId] = silo;
    }

    private ICompanyGrain Grain(string companyId)
    {
        if (!_references.TryGetValue(companyId, out var grain))
        {
            if (_references.Count >= MaxCachedReferences)
            {
                _references.Clear();
            }

            grain = _references.GetOrAdd(companyId, grains.GetGrain<ICompanyGrain>(companyId));
        }

        return grain;
    }

    private void Read(V1.IngestItem item, ulong index, TickBatch origin, Dictionary<string, CompanyWrites> byCompany, Dictionary<string, List<RoutedTick>> remote)
    {
        var tally = origin.Feed;

        // Ticks are most of a feed: read them without allocating when they are well formed. A company
        // with other writes earlier in the batch keeps its items in order.
        if (RequestReader.TryReadTick(item, limits, out var tickCompanyId, out var tick))
        {
            if (byCompany.Count == 0 || !byCompany.ContainsKey(tickCompanyId))
            {
                if (board.TryAbsorb(tickCompanyId, index, tick, origin))
                {
                    return;
                }

                if (_hosts.TryGetValue(tickCompanyId, out var silo))
                {
                    if (!remote.TryGetValue(silo, out var routed))
                    {
                        remote[silo] = routed = [];
                    }

                    routed.Add(new RoutedTick(tickCompanyId, index, tick));
                    return;
                }
            }

            Writes(byCompany, tickCompanyId).AddTick(index, tick, tally);
            return;
        }

        var errors = new List<FieldError>();
        var write = RequestReader.Read(item, limits, errors);
        if (errors.Count > 0)
        {
            // A malformed id is not echoed: it could be megabytes of anything.
            var companyId = write?.CompanyId is { } id && InputRules.IsValidCompanyId(id) ? id : "";
            tally.Reject(index, companyId, RpcErrors.Describe(errors, RpcErrors.MaxFieldErrorsPerIngestItem));
        }
        else
        {
            Writes(byCompany, write!.CompanyId).Add(index, write);
        }
    }

    private static CompanyWrites Writes(Dictionary<string, CompanyWrites> byCompany, string companyId)
    {
        if (!byCompany.TryGetValue(companyId, out var writes))
        {
            byCompany[companyId] = writes = new CompanyWrites();
        }

        return writes;
    }

    /// <summary>One company's items of a batch, in order; consecutive ticks keep only the newest.</summary>
    private sealed class CompanyWrites
    {
        private List<(ulong Index, CompanyWrite? Write, MarketTick Tick)>? _items;
        private (ulong Index, MarketTick Tick)? _single;

        /// <summary>The only item, when it is one tick.</summary>
        public (ulong Index, MarketTick Tick)? SingleTick => _items is null ? _single : null;

        public void AddTick(ulong index, MarketTick tick, TickFeed tally)
        {
            if (_items is null && _single is { } only)
            {
                // The common case: a second tick for the same company in one batch.
                Supersede(only.Tick, tick, tally);
                if (tick.AsOf > only.Tick.AsOf)
                {
                    _single = (index, tick);
                }

                return;
            }

            if (_items is null)
            {
                _single = (index, tick);
                return;
            }

            if (_items[^1] is { Write: null } last)
            {
                Supersede(last.Tick, tick, tally);
                if (tick.AsOf > last.Tick.AsOf)
                {
                    _items[^1] = (index, null, tick);
                }

                return;
            }

            _items.Add((index, null, tick));
        }

        // Of two ticks, the older is counted now: conflated when the newer replaces it, ignored when it is not newer (§1).
        private static void Supersede(MarketTick held, MarketTick next, TickFeed tally)
        {
            if (next.AsOf > held.AsOf)
            {
                tally.Conflated();
            }
            else
            {
                tally.Count(applied: false);
            }
        }

        public void Add(ulong index, CompanyWrite write)
        {
            _items ??= [];
            if (_single is { } only)
            {
                _items.Add((only.Index, null, only.Tick));
                _single = null;
            }

            _items.Add((index, write, default));
        }

        public async Task ApplyInOrder(ICompanyGrain grain, string companyId, TickFeed tally)
        {
            if (_items is null)
            {
                var (index, tick) = _single!.Value;
                await Apply(grain, companyId, index, null, tick, tally);
                return;
            }

            foreach (var (index, write, tick) in _items)
            {
                await Apply(grain, companyId, index, write, tick, tally);
            }
        }

        private static async Task Apply(ICompanyGrain grain, string companyId, ulong index, CompanyWrite? write, MarketTick tick, TickFeed tally)
        {
            try
            {
                var result = write is null ? await grain.PublishMarketData(tick) : await write.ApplyTo(grain);
                tally.Count(result.Applied);
            }
            catch (UnknownCompanyException ex)
            {
                tally.Reject(index, companyId, RpcErrors.UnknownCompanies([ex.CompanyId]));
            }
            catch (CommitmentBookFullException ex)
            {
                tally.Reject(index, companyId, ex.Message);
            }
        }
    }
}

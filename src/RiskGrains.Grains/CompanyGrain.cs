using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// One company. Each method reads as: check, apply to a copy, persist, evaluate, publish.
/// Fundamentals and commitments are persisted before the write is acknowledged; market ticks
/// are saved at most <see cref="CompanyGrainOptions.MarketStateSaveInterval"/> later.
/// </summary>
public sealed class CompanyGrain(
    [PersistentState("company", StorageNames.Companies)] IPersistentState<CompanyState> state,
    [PersistentState("market", StorageNames.Companies)] IPersistentState<MarketRecord> marketRecord,
    IOptions<CompanyGrainOptions> options,
    ILogger<CompanyGrain> logger) : Grain, ICompanyGrain
{
    private readonly CompanyGrainOptions _options = options.Value;
    private readonly ModelParameters _parameters = options.Value.ModelParameters;

    // Most companies are never watched: the observer list exists only once one subscribes.
    private Dictionary<IRiskObserver, DateTime>? _observers;

    // The fundamentals part is evaluated once per fundamentals change; a tick evaluates only the
    // market part against it (RISK-MODEL §2.3, §3), warm-starting the Merton solve from the last tick.
    // The full snapshot is composed lazily, when it is read or watched.
    private FundamentalsAssessment? _fundamentals;
    private MarketAssessment _market;
    private MertonGuess _mertonGuess;
    private ChangeCause _cause;
    private UInt128 _traceId;
    private DateTimeOffset _changedAt;
    private RiskSnapshot? _snapshot;
    private IGrainTimer? _marketSave;
    private Task? _marketWrite;
    private bool _marketWriteAgain;
    private ulong _durableCeiling;
    private IGrainTimer? _registrationRetry;
    private bool _marketDirty;

    // The live market state and version, changed in place by each tick: a tick allocates nothing
    // that outlives it, so a collection has no new state of thousands of grains to promote and no
    // fresh references in old objects to follow. state.State holds the fundamentals, and its copy
    // of these three is brought up to date (Synced) before it is written or read whole.
    private MarketTick? _tick;
    private ulong _version;
    private ulong _versionCeiling;

    private string CompanyId => this.GetPrimaryKeyString();

    private bool Exists => state.State.Profile is not null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Exists)
        {
            // The market record is newer when ticks followed the last fundamentals write.
            var saved = marketRecord.State;
            var marketIsNewer = saved.Version > 0 && saved.Version >= state.State.Version;
            if (saved.Version > state.State.Version)
            {
                state.State = state.State with { Market = saved.Market, Version = saved.Version };
            }

            // After a crash, versions up to the ceiling may have been streamed without being saved.
            // The newer record's ceiling holds: the ceiling only grows while the grain runs, except
            // that a clean stop lowers it to the exact version, which must not skip ahead next time.
            var ceiling = marketIsNewer ? saved.VersionCeiling : Math.Max(state.State.VersionCeiling, saved.VersionCeiling);
            state.State = state.State with { Version = Math.Max(state.State.Version, ceiling), VersionCeiling = ceiling };
            _durableCeiling = ceiling;
            TakeLive(state.State);

            Recompute(fundamentalsChanged: true);
            Changed(ChangeCause.Snapshot, traceId: default);
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _registrationRetry?.Dispose();
        _marketSave?.Dispose();
        if (_marketDirty || _versionCeiling > _version)
        {
            // A clean stop saves the exact version, so the next activation does not skip ahead.
            _versionCeiling = _version;
            await SaveMarketState();
        }
    }

    public async Task<WriteResult> UpsertProfile(CompanyProfile profile)
    {
        var current = Synced();
        if (current.Profile == profile)
        {
            return Ignored();
        }

        return await Commit(current with { Profile = profile }, ChangeCause.Profile);
    }

    public async Task<WriteResult> ReportFinancials(ImmutableArray<FinancialPeriod> periods)
    {
        var current = RequireExisting();
        var window = FinancialWindow.Merge(current.Periods, periods, _options.WindowQuarters);
        if (SameJson(window, current.Periods))
        {
            return Ignored();
        }

        // Re-sending an unchanged period with a new one is not a restatement.
        var restates = periods.Any(p => current.Periods.Any(q => q.PeriodEnd == p.PeriodEnd && !SameJson(q, p)));
        return await Commit(current with { Periods = window }, restates ? ChangeCause.Restatement : ChangeCause.Financials);
    }

    public async Task<WriteResult> UpsertCommitment(Commitment commitment)
    {
        var current = RequireExisting();
        var index = IndexOfCommitment(current.Commitments, commitment.Id);
        if (index >= 0 && SameJson(current.Commitments[index], commitment))
        {
            return Ignored();
        }

        var book = index >= 0
            ? current.Commitments.SetItem(index, commitment)
            : current.Commitments.Insert(~index, commitment);
        return await Commit(current with { Commitments = book }, ChangeCause.Commitment);
    }

    public async Task<WriteResult> RemoveCommitment(string commitmentId)
    {
        var current = RequireExisting();
        var index = IndexOfCommitment(current.Commitments, commitmentId);
        if (index < 0)
        {
            return Ignored();
        }

        return await Commit(current with { Commitments = current.Commitments.RemoveAt(index) }, ChangeCause.Commitment);
    }

    public Task<WriteResult> PublishMarketData(MarketTick tick)
    {
        if (!Exists)
        {
            throw new UnknownCompanyException(CompanyId);
        }

        // RISK-MODEL §1: a tick not newer than the current one is ignored, so replays are harmless.
        if (_tick is { } market && tick.AsOf <= market.AsOf)
        {
            return Task.FromResult(Ignored());
        }

        var previous = (_tick, _version, _versionCeiling);
        _tick = tick;
        _version++;

        // Versions are reserved in blocks, stored ahead of use: half a block before the stored
        // ceiling is reached, the next block is written in the background while ticks go on.
        var block = _options.VersionReserveBlock;
        if (_version + (block / 2) > _versionCeiling)
        {
            _versionCeiling = _version + block;
        }

        if (_version > _durableCeiling)
        {
            // The background write has not landed: this tick waits for it (rare).
            return ApplyWhenReserved(previous);
        }

        if (_versionCeiling > _durableCeiling)
        {
            PersistMarket().Ignore();
        }
        else
        {
            ScheduleMarketSave();
        }

        return Task.FromResult(Applied(ChangeCause.Market, fundamentalsChanged: false));
    }

    private async Task<WriteResult> ApplyWhenReserved((MarketTick? Tick, ulong Version, ulong VersionCeiling) previous)
    {
        var version = _version;
        try
        {
            await PersistMarket();
        }
        catch
        {
            // Not acknowledged, so not applied (unless something newer came in meanwhile).
            if (_version == version)
            {
                (_tick, _version, _versionCeiling) = previous;
            }

            throw;
        }

        return Applied(ChangeCause.Market, fundamentalsChanged: false);
    }

    public Task<RiskSnapshot?> GetRisk() => Task.FromResult(Exists ? Snapshot : null);

    public Task<CompanyInputs?> GetInputs() => Task.FromResult(Exists ? Synced().ToInputs() : null);

    public Task<ScenarioBasis?> GetScenarioBasis() =>
        Task.FromResult(Exists ? new ScenarioBasis(Snapshot, Synced().ToInputs(), _parameters) : null);

    public Task<RiskSnapshot?> Subscribe(IRiskObserver observer)
    {
        (_observers ??= [])[observer] = DateTime.UtcNow;
        return Task.FromResult(Exists ? Snapshot : null);
    }

    public Task Unsubscribe(IRiskObserver observer)
    {
        _observers?.Remove(observer);
        return Task.CompletedTask;
    }

    private CompanyState RequireExisting() =>
        Exists ? Synced() : throw new UnknownCompanyException(CompanyId);

    /// <summary>state.State with the live market state and version copied in (a new record only when they moved).</summary>
    private CompanyState Synced()
    {
        var current = state.State;
        if (current.Version != _version || current.VersionCeiling != _versionCeiling || current.Market?.AsOf != _tick?.AsOf)
        {
            state.State = current = current with { Market = _tick?.ToMarketState(), Version = _version, VersionCeiling = _versionCeiling };
        }

        return current;
    }

    private void TakeLive(CompanyState current)
    {
        _tick = current.Market is { } market ? MarketTick.From(market) : null;
        _version = current.Version;
        _versionCeiling = current.VersionCeiling;
    }

    private async Task<WriteResult> Commit(CompanyState next, ChangeCause cause)
    {
        var previous = Synced();
        var wasNew = previous.Profile is null;
        next = next with { Version = previous.Version + 1, VersionCeiling = Math.Max(previous.VersionCeiling, previous.Version + 1) };
        state.State = next;
        TakeLive(next);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The write was not acknowledged, so nothing of it may remain.
            state.State = previous;
            TakeLive(previous);
            throw;
        }

        _marketDirty = false;
        _durableCeiling = Math.Max(_durableCeiling, next.VersionCeiling);
        var result = Applied(cause, fundamentalsChanged: true);
        if (wasNew || previous.Profile!.Name != next.Profile!.Name)
        {
            await RegisterInDirectory();
        }

        return result;
    }

    // The write is stored and acknowledged whatever happens here; a failed listing is retried.
    private async Task RegisterInDirectory()
    {
        try
        {
            await GrainFactory.GetGrain<ICompanyDirectoryGrain>(0)
                .Register(new CompanyListing(CompanyId, state.State.Profile!.Name, _snapshot?.Assessment.Band));
            _registrationRetry?.Dispose();
            _registrationRetry = null;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Listing {CompanyId} in the directory failed; retrying", CompanyId);
            _registrationRetry ??= this.RegisterGrainTimer(
                _ => RegisterInDirectory(),
                new GrainTimerCreationOptions(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)) { KeepAlive = true });
        }
    }

    private WriteResult Applied(ChangeCause cause, bool fundamentalsChanged)
    {
        // One span per change: the evaluation, then the publication nested in it. The trace id of
        // the write travels with the snapshot even when its trace is not sampled.
        using (var activity = RiskGrainsDiagnostics.StartCallSpan("recompute", out var caller))
        {
            var previousBand = CurrentBand;
            var started = Stopwatch.GetTimestamp();
            Recompute(fundamentalsChanged);
            RiskGrainsDiagnostics.RecomputeDuration.Record(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            Changed(cause, activity?.TraceId ?? caller.TraceId);
            var band = CurrentBand;
            if (activity is not null)
            {
                activity.SetTag("company.id", CompanyId);
                activity.SetTag("company.version", (long)_version);
                activity.SetTag("risk.score", CurrentScore);
                activity.SetTag("risk.band", band?.ToString());
            }

            // Composed for the watchers and not kept: a snapshot that lived until the next tick would
            // survive into older GC generations for nothing. A read composes it again, cheaply.
            if (_observers is { Count: > 0 })
            {
                Publish(ComposeSnapshot(), traced: activity is not null);
            }

            if (band != previousBand)
            {
                GrainFactory.GetGrain<ICompanyDirectoryGrain>(0).ReportBand(CompanyId, band).Ignore();
            }
        }

        RiskGrainsDiagnostics.WritesApplied.Add(1);
        return new WriteResult(_version, Applied: true);
    }

    private WriteResult Ignored()
    {
        RiskGrainsDiagnostics.WritesIgnored.Add(1);
        return new WriteResult(_version, Applied: false);
    }

    private void Recompute(bool fundamentalsChanged)
    {
        if (fundamentalsChanged || _fundamentals is null)
        {
            _fundamentals = FundamentalsAssessment.Prepare(state.State.Periods, state.State.Commitments, _parameters);
        }

        // The market state object lives only for this evaluation.
        _market = _tick is { } tick ? _fundamentals.EvaluateMarket(tick.ToMarketState(), in _mertonGuess) : default;
        if (_tick is not null)
        {
            _mertonGuess = _market.NextGuess;
        }
    }

    private void Changed(ChangeCause cause, ActivityTraceId traceId)
    {
        _cause = cause;
        _traceId = UInt128.Zero;
        if (traceId != default)
        {
            // Kept as a number, not a string: nothing new for the GC per tick.
            Span<byte> bytes = stackalloc byte[16];
            traceId.CopyTo(bytes);
            _traceId = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
        }
        _changedAt = DateTimeOffset.UtcNow;
        _snapshot = null;
    }

    private Band? CurrentBand => _tick is null ? _fundamentals?.BandWithoutMarket : _market.Band;

    private double? CurrentScore => _tick is null ? _fundamentals?.ScoreWithoutMarket : _market.Score;

    /// <summary>The trace id of the change as W3C hex; empty when it had none.</summary>
    private string TraceIdHex()
    {
        if (_traceId == UInt128.Zero)
        {
            return "";
        }

        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, _traceId);
        return ActivityTraceId.CreateFromBytes(bytes).ToHexString();
    }

    /// <summary>The full snapshot of the current version, composed on first read after a change.</summary>
    private RiskSnapshot Snapshot => _snapshot ??= ComposeSnapshot();

    private RiskSnapshot ComposeSnapshot() => new(
        CompanyId,
        _version,
        _changedAt,
        state.State.Profile!,
        _tick is null ? _fundamentals!.ComposeWithoutMarket() : _fundamentals!.Compose(in _market),
        _cause,
        TraceIdHex(),
        _tick?.AsOf,
        RuntimeIdentity);

    private void Publish(RiskSnapshot snapshot, bool traced)
    {
        if (_observers is not { Count: > 0 } observers)
        {
            return;
        }

        using var activity = traced ? RiskGrainsDiagnostics.ActivitySource.StartActivity("publish") : null;
        activity?.SetTag("company.id", CompanyId);
        activity?.SetTag("company.version", (long)snapshot.Version);
        activity?.SetTag("publish.silos", observers.Count);

        var expired = DateTime.UtcNow - _options.ObserverExpiry;
        List<IRiskObserver>? stale = null;
        foreach (var (observer, refreshed) in observers)
        {
            if (refreshed < expired)
            {
                (stale ??= []).Add(observer);
                continue;
            }

            observer.OnRiskChanged(snapshot).Ignore();
        }

        stale?.ForEach(o => observers.Remove(o));
    }

    private void ScheduleMarketSave()
    {
        _marketDirty = true;

        // Interleaved: a save in flight never holds the ticks behind it.
        _marketSave ??= this.RegisterGrainTimer(
            async _ =>
            {
                _marketSave?.Dispose();
                _marketSave = null;
                if (_marketDirty)
                {
                    await SaveMarketState();
                }
            },
            new GrainTimerCreationOptions(_options.MarketStateSaveInterval, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = true });
    }

    /// <summary>
    /// Stores the market record as it is now. One write at a time: a request during a write is
    /// served by one more write after it, so the returned task always covers the current state.
    /// </summary>
    private Task PersistMarket()
    {
        if (_marketWrite is { IsCompleted: false } running)
        {
            _marketWriteAgain = true;
            return running;
        }

        _marketWrite = WriteMarketRecordWhilePending();
        return _marketWrite;
    }

    private async Task WriteMarketRecordWhilePending()
    {
        do
        {
            _marketWriteAgain = false;
            var (version, ceiling) = (_version, _versionCeiling);
            marketRecord.State = new MarketRecord { Market = _tick?.ToMarketState(), Version = version, VersionCeiling = ceiling };
            await marketRecord.WriteStateAsync();
            _durableCeiling = Math.Max(_durableCeiling, ceiling);
            if (_version == version)
            {
                _marketDirty = false;
            }
        }
        while (_marketWriteAgain);
    }

    private async Task SaveMarketState()
    {
        try
        {
            await PersistMarket();
        }
        catch (Exception ex)
        {
            // Ticks are volatile by design; the next save tries again.
            logger.LogWarning(ex, "Saving the market state of {CompanyId} failed", CompanyId);
            ScheduleMarketSave();
        }
    }

    private static int IndexOfCommitment(ImmutableArray<Commitment> book, string id)
    {
        int lo = 0, hi = book.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var cmp = string.CompareOrdinal(book[mid].Id, id);
            if (cmp == 0)
            {
                return mid;
            }

            if (cmp < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    // Records holding ImmutableArray compare arrays by reference; fundamentals writes are rare, so compare by content.
    private static bool SameJson<T>(T a, T b) =>
        JsonSerializer.SerializeToUtf8Bytes(a).AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(b));
}

public static class StorageNames
{
    public const string Companies = "companies";
}

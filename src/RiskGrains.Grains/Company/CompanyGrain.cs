using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// One company. A fundamentals write reads: check, apply, store, evaluate, publish, record; it and its
/// history point are stored before it is acknowledged. A tick changes the live market state in place and is saved
/// in the background (<see cref="MarketStateSaver"/>) under versions reserved ahead (<see cref="VersionClock"/>).
/// The evaluation and the last change live in a <see cref="RiskView"/>, the history in a <see cref="HistoryRecorder"/>, the alert rules' edges in <see cref="AlertEdges"/>. Reads change nothing.
/// It observes the counterparties of its revenue dependencies (<see cref="Counterparties"/>): one whose score
/// moves beyond the dead band makes it recompute (cause Contagion), versioned like a tick (docs/risk-model.md §6).
/// Ticks arriving at its silo wait on the silo's <see cref="MarketBoard"/>, which gives it one turn for the newest (<see cref="MarketLane"/>).
/// </summary>
public sealed class CompanyGrain : Grain, ICompanyGrain, IRiskObserver, IDependentCompany, IIncomingGrainCallFilter
{
    private readonly IPersistentState<CompanyState> _state;
    private readonly CompanyGrainOptions _options;
    private readonly ILogger<CompanyGrain> _logger;
    private readonly VersionClock _clock;
    private readonly MarketStateSaver _marketSaver;
    private readonly RiskView _view;
    private readonly DirectoryListing _listing;
    private readonly CompanyObservers _observers;
    private readonly HistoryRecorder _history;
    private readonly Counterparties _counterparties;
    private readonly MarketLane _lane;

    // The acknowledged fundamentals, and the live market state changed in place by each tick:
    // a tick allocates nothing that outlives it.
    private CompanyFundamentals _fundamentals = CompanyFundamentals.None;
    private MarketTick? _tick;
    private AlertEdges? _alerts;

    public CompanyGrain(
        [PersistentState("company", StorageNames.Companies)] IPersistentState<CompanyState> state,
        [PersistentState("market", StorageNames.Companies)] IPersistentState<MarketRecord> marketRecord,
        IOptions<CompanyGrainOptions> options,
        IOptions<WatchOptions> watch,
        HistoryWriter history,
        MarketBoard board,
        ILogger<CompanyGrain> logger)
    {
        _state = state;
        CompanyId = this.GetPrimaryKeyString();
        _lane = new MarketLane(this, board, ApplyFromBoard, () => DelayDeactivation(MarketLane.KeepAlive));
        _options = options.Value;
        _logger = logger;
        _clock = new VersionClock(_options.VersionReserveBlock);
        _marketSaver = new MarketStateSaver(this, marketRecord, _clock, () => _tick?.ToMarketState(), () => _counterparties!.Used, _options.MarketStateSaveInterval, logger);
        _counterparties = new Counterparties(this, GrainFactory, () => this.AsReference<IRiskObserver>(), watch.Value.WatchRefreshInterval, Spread, logger);
        _view = new RiskView(_options.ModelParameters);
        _observers = new CompanyObservers(watch.Value.ObserverExpiry, logger);
        _listing = new DirectoryListing(this, GrainFactory, () => new CompanyListing(CompanyId, _fundamentals.Profile!.Name, _view.Band, _fundamentals.Profile.Sector, _view.Score), logger);
        _history = new HistoryRecorder(this, _view, () => _view.Version, history, _listing.Report, logger);
    }

    private string CompanyId { get; }

    private bool Exists => _fundamentals.Profile is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.State.Profile is null)
        {
            return;
        }

        (_fundamentals, _tick) = await StoredStateRepair.Resume(_state, _marketSaver.Stored, _clock, _options.MaxClockSkew, _logger, cancellationToken);
        _counterparties.Restore(_fundamentals.Dependencies, _marketSaver.Stored.CounterpartyScores);
        _view.Restored(_fundamentals, _tick, Contributions(), _clock.Current);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _lane.Detach();
        _listing.Stop();
        _history.Stop();
        _counterparties.Stop();
        await _marketSaver.Stop();
    }

    public async Task<WriteResult> UpsertProfile(CompanyProfile profile) =>
        _fundamentals.WithProfile(profile) is { } next ? await Commit(next, ChangeCause.Profile) : Ignored();

    public async Task<WriteResult> ReportFinancials(ImmutableArray<FinancialPeriod> periods) =>
        RequireExisting().WithPeriods(periods, _options.WindowQuarters, out var restates) is { } next
            ? await Commit(next, restates ? ChangeCause.Restatement : ChangeCause.Financials)
            : Ignored();

    public async Task<WriteResult> UpsertCommitment(Commitment commitment) =>
        RequireExisting().WithCommitment(commitment, _options.MaxCommitments) is { } next ? await Commit(next, ChangeCause.Commitment) : Ignored();

    public async Task<WriteResult> RemoveCommitment(string commitmentId) =>
        RequireExisting().WithoutCommitment(commitmentId) is { } next ? await Commit(next, ChangeCause.Commitment) : Ignored();

    // docs/risk-model.md §1: a stale tick is ignored. The first call puts the company on the silo's MarketBoard.
    public async Task<WriteResult> PublishMarketData(MarketTick tick)
    {
        RequireExisting();
        _lane.Track(tick.AsOf);
        if (!IsNewer(tick))
        {
            return Ignored() with { Silo = _lane.SiloKey };
        }

        var before = _tick;
        _tick = tick;
        return (await ApplyLive(ChangeCause.Market, () => _tick = before)) with { Silo = _lane.SiloKey };
    }

    // A tick the board kept, in a turn of its own; false: stale; null: its version must be stored first (MarketLane).
    private bool? ApplyFromBoard(MarketTick tick, ChangeOrigin origin)
    {
        if (!IsNewer(tick) || _clock.NextTickWaitsForStore)
        {
            return IsNewer(tick) ? null : false;
        }

        _tick = tick;
        _marketSaver.Advance(undo: () => { }).Ignore();
        Applied(ChangeCause.Market, fundamentalsChanged: false, origin);
        return true;
    }

    private bool IsNewer(MarketTick tick) => _tick is not { } current || tick.AsOf > current.AsOf;

    public Task Invoke(IIncomingGrainCallContext context) => _lane.Call(context);

    // The scores used are saved with the market record, where an activation finds them.
    public async Task<WriteResult> SetRevenueDependencies(ImmutableArray<RevenueDependency> dependencies) =>
        RequireExisting().WithDependencies(dependencies) is { } next
            ? await _counterparties.Replace(_fundamentals.Dependencies, next.Dependencies, () => Commit(next, ChangeCause.Dependencies), _marketSaver.SaveSoon)
            : Ignored();

    /// <summary>A counterparty's new version (docs/risk-model.md §6); the company recomputes when its score moved beyond the dead band.</summary>
    public Task OnRiskChanged(RiskSnapshot snapshot) => Exists && _counterparties.Take(snapshot) ? _counterparties.Moved(snapshot.TraceId) : Task.CompletedTask;

    public Task CounterpartiesMoved(string traceId) => _counterparties.Due() ? Spread(traceId) : Task.CompletedTask;

    // Contagion: the next version, as a tick takes it, in the trace of the change that moved the counterparty.
    private Task Spread(string traceId)
    {
        TraceContextPropagation.Continue(traceId);
        var before = _counterparties.Use();
        return ApplyLive(ChangeCause.Contagion, () => _counterparties.Restore(before));
    }

    // A live change (tick or contagion) is published once its version reservation allows (MarketStateSaver.Advance).
    private async Task<WriteResult> ApplyLive(ChangeCause cause, Action undo)
    {
        await _marketSaver.Advance(undo);
        return Applied(cause, fundamentalsChanged: cause != ChangeCause.Market, ChangeOrigin.OfCall());
    }

    public Task<RiskSnapshot?> GetRisk() => Task.FromResult(Exists ? Snapshot() : Unknown<RiskSnapshot?>(null));

    public Task<CompanyInputs?> GetInputs() => Task.FromResult(Exists ? Inputs() : Unknown<CompanyInputs?>(null));

    public Task<ScenarioBasis?> GetScenarioBasis() =>
        Task.FromResult(Exists ? new ScenarioBasis(Snapshot(), Inputs(), _options.ModelParameters, _fundamentals.Dependencies) : Unknown<ScenarioBasis?>(null));

    /// <summary>An observer of a company not created yet stays, and receives its first version.</summary>
    public Task<RiskSnapshot?> Subscribe(IRiskObserver observer)
    {
        _observers.Subscribe(observer);
        return GetRisk();
    }

    public Task Unsubscribe(IRiskObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Exists ? Task.CompletedTask : Unknown(Task.CompletedTask);
    }

    private CompanyFundamentals RequireExisting() =>
        Exists ? _fundamentals : throw Unknown(new UnknownCompanyException(CompanyId));

    // A company that does not exist keeps no activation unless someone waits for it: lookups of
    // unknown ids would otherwise hold memory until collection.
    private T Unknown<T>(T answer)
    {
        if (!_observers.Any)
        {
            this.DeactivateOnIdle();
        }

        return answer;
    }

    private CompanyInputs Inputs() => _fundamentals.ToInputs(_tick?.ToMarketState(), Contributions());

    private ImmutableArray<DependencyContribution> Contributions() => _counterparties.Contributions(_fundamentals.Dependencies);

    private RiskSnapshot Snapshot() => _view.Snapshot(CompanyId, _fundamentals.Profile!, _tick?.AsOf, RuntimeIdentity);

    private async Task<WriteResult> Commit(CompanyFundamentals next, ChangeCause cause)
    {
        var previous = _fundamentals;
        var stamp = _clock.Next();
        _state.State = CompanyState.Of(next, _tick?.ToMarketState(), stamp);

        // Stored, then acknowledged; a refused store leaves the grain as it was (_state.State is never read after activation).
        await _state.WriteStateAsync();
        _fundamentals = next;
        _clock.Commit(stamp);
        _marketSaver.StoredWithCompany();
        var result = Applied(cause, fundamentalsChanged: true, ChangeOrigin.OfCall());
        await _listing.ProfileChanged(previous.Profile, next.Profile!);

        // The change's history point is stored before the change is acknowledged.
        await _history.Stored();
        return result;
    }

    private WriteResult Applied(ChangeCause cause, bool fundamentalsChanged, ChangeOrigin origin)
    {
        // One span per change, the publication nested in it; the trace id travels with the snapshot even when not sampled.
        using (var activity = RiskGrainsDiagnostics.StartSpan("recompute", origin.Caller))
        {
            var previousBand = _view.Band;
            var started = Stopwatch.GetTimestamp();
            _view.Evaluate(_fundamentals, _tick, Contributions(), fundamentalsChanged);
            RiskGrainsDiagnostics.RecomputeDuration.Record(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            _view.Changed(_clock.Current, cause, activity?.TraceId ?? origin.Caller.TraceId, origin.Principal);
            RiskGrainsDiagnostics.TagRecompute(activity, CompanyId, _clock.Current, _view.Score, _view.Band);
            // Composed for the watchers and not kept (see RiskView.Compose); a read composes it again, cheaply.
            _observers.Publish(static grain => grain._view.Compose(grain.CompanyId, grain._fundamentals.Profile!, grain._tick?.AsOf, grain.RuntimeIdentity), this, traced: activity is not null);
            _history.Changed(bandChanged: _view.Band != previousBand);
            (_alerts ??= AlertEdges.For(this, Snapshot)).Changed();

            if (cause is not (ChangeCause.Market or ChangeCause.Contagion) || _logger.IsEnabled(LogLevel.Debug))
            {
                ChangeLog.Applied(_logger, CompanyId, _clock.Current, cause, origin.Principal);
            }
        }

        RiskGrainsDiagnostics.WritesApplied.Add(1);
        return new WriteResult(_clock.Current, Applied: true);
    }

    private WriteResult Ignored()
    {
        RiskGrainsDiagnostics.WritesIgnored.Add(1);
        return new WriteResult(_clock.Current, Applied: false);
    }
}

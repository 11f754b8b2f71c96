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
/// </summary>
public sealed class CompanyGrain : Grain, ICompanyGrain, IRiskObserver, IDependentCompany
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
        ILogger<CompanyGrain> logger)
    {
        _state = state;
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

    private string CompanyId => this.GetPrimaryKeyString();

    private bool Exists => _fundamentals.Profile is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var company = _state.State;
        if (company.Profile is null)
        {
            return;
        }

        // The market record is newer when ticks followed the last fundamentals write.
        var market = _marketSaver.Stored;
        _clock.Restore(new VersionStamp(company.Version, company.VersionCeiling), new VersionStamp(market.Version, market.VersionCeiling));
        var newest = market.Version > company.Version ? market.Market : company.Market;
        (_fundamentals, newest, var dropped) = StoredStateRepair.Repair(CompanyFundamentals.Of(company), newest, DateTimeOffset.UtcNow, _options.MaxClockSkew);
        _tick = newest is null ? null : MarketTick.From(newest);
        if (dropped.Length > 0)
        {
            _logger.LogWarning("{CompanyId}: dropped {Dropped}, stored by an earlier version beyond today's bounds", CompanyId, string.Join("; ", dropped));
            var stamp = _clock.Next();
            _state.State = CompanyState.Of(_fundamentals, newest, stamp);
            await _state.WriteStateAsync(cancellationToken);
            _clock.Commit(stamp);
        }

        _counterparties.Restore(_fundamentals.Dependencies, market.CounterpartyScores);
        _view.Evaluate(_fundamentals, _tick, Contributions(), fundamentalsChanged: true);
        _view.Changed(_clock.Current, ChangeCause.Snapshot, traceId: default, changedBy: "");
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
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

    public Task<WriteResult> PublishMarketData(MarketTick tick)
    {
        RequireExisting();

        // docs/risk-model.md §1: a tick not newer than the current one is ignored, so replays are harmless.
        if (_tick is { } current && tick.AsOf <= current.AsOf)
        {
            return Task.FromResult(Ignored());
        }

        var before = _tick;
        _tick = tick;
        return ApplyLive(ChangeCause.Market, () => _tick = before);
    }

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
        return Applied(cause, fundamentalsChanged: cause != ChangeCause.Market);
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

        // Stored, then acknowledged. If the store refuses it the grain keeps what it had:
        // _state.State is only the record to write, never read after activation.
        await _state.WriteStateAsync();
        _fundamentals = next;
        _clock.Commit(stamp);
        _marketSaver.StoredWithCompany();
        var result = Applied(cause, fundamentalsChanged: true);
        await _listing.ProfileChanged(previous.Profile, next.Profile!);

        // The change's history point is stored before the change is acknowledged.
        await _history.Stored();
        return result;
    }

    private WriteResult Applied(ChangeCause cause, bool fundamentalsChanged)
    {
        // One span per change: the evaluation, then the publication nested in it. The trace id of
        // the write travels with the snapshot even when its trace is not sampled.
        using (var activity = RiskGrainsDiagnostics.StartCallSpan("recompute", out var caller))
        {
            var previousBand = _view.Band;
            var started = Stopwatch.GetTimestamp();
            _view.Evaluate(_fundamentals, _tick, Contributions(), fundamentalsChanged);
            RiskGrainsDiagnostics.RecomputeDuration.Record(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            var principal = CallerPrincipal.Current();
            _view.Changed(_clock.Current, cause, activity?.TraceId ?? caller.TraceId, principal);
            activity?.SetTag("company.id", CompanyId);
            activity?.SetTag("company.version", (long)_clock.Current);
            activity?.SetTag("risk.score", _view.Score);
            activity?.SetTag("risk.band", _view.Band?.ToString());
            // Composed for the watchers and not kept (see RiskView.Compose); a read composes it again, cheaply.
            _observers.Publish(() => _view.Compose(CompanyId, _fundamentals.Profile!, _tick?.AsOf, RuntimeIdentity), traced: activity is not null);
            _history.Changed(bandChanged: _view.Band != previousBand);
            (_alerts ??= AlertEdges.For(this, Snapshot)).Changed();

            // The company id is composed per call: a tick pays for it only when Debug is on.
            if (cause is not (ChangeCause.Market or ChangeCause.Contagion) || _logger.IsEnabled(LogLevel.Debug))
            {
                ChangeLog.Applied(_logger, CompanyId, _clock.Current, cause, principal);
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

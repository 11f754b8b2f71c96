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
    IOptions<CompanyGrainOptions> options,
    ILogger<CompanyGrain> logger) : Grain, ICompanyGrain
{
    private readonly CompanyGrainOptions _options = options.Value;
    private readonly ModelParameters _parameters = ModelParameters.Default with { WindowQuarters = options.Value.WindowQuarters };
    private readonly Dictionary<IRiskObserver, DateTime> _observers = [];
    private RiskSnapshot? _snapshot;
    private IGrainTimer? _marketSave;
    private IGrainTimer? _registrationRetry;
    private bool _marketDirty;

    private string CompanyId => this.GetPrimaryKeyString();

    private bool Exists => state.State.Profile is not null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Exists)
        {
            // After a crash, versions up to the ceiling may have been streamed without being saved.
            if (state.State.VersionCeiling > state.State.Version)
            {
                state.State = state.State with { Version = state.State.VersionCeiling };
            }

            _snapshot = Evaluate(state.State, ChangeCause.Snapshot, traceId: "");
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _registrationRetry?.Dispose();
        if (_marketDirty || state.State.VersionCeiling > state.State.Version)
        {
            // A clean stop saves the exact version, so the next activation does not skip ahead.
            state.State = state.State with { VersionCeiling = state.State.Version };
            await SaveMarketState();
        }
    }

    public async Task<WriteResult> UpsertProfile(CompanyProfile profile)
    {
        var current = state.State;
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
        var current = RequireExisting();

        // RISK-MODEL §1: a tick not newer than the current one is ignored, so replays are harmless.
        if (current.Market is { } market && tick.AsOf <= market.AsOf)
        {
            return Task.FromResult(Ignored());
        }

        var next = current with { Market = tick.ToMarketState(), Version = current.Version + 1 };
        if (next.Version > current.VersionCeiling)
        {
            return ReserveAndApply(next with { VersionCeiling = next.Version + _options.VersionReserveBlock });
        }

        state.State = next;
        ScheduleMarketSave();
        return Task.FromResult(Applied(next, ChangeCause.Market));
    }

    // Once per reserve block a tick waits for storage, so no version is ever handed out twice.
    private async Task<WriteResult> ReserveAndApply(CompanyState next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }

        _marketDirty = false;
        return Applied(next, ChangeCause.Market);
    }

    public Task<RiskSnapshot?> GetRisk() => Task.FromResult(_snapshot);

    public Task<CompanyInputs?> GetInputs() => Task.FromResult(Exists ? state.State.ToInputs() : null);

    public Task<ScenarioBasis?> GetScenarioBasis() =>
        Task.FromResult(_snapshot is null ? null : new ScenarioBasis(_snapshot, state.State.ToInputs(), _parameters));

    public Task<RiskSnapshot?> Subscribe(IRiskObserver observer)
    {
        _observers[observer] = DateTime.UtcNow;
        return Task.FromResult(_snapshot);
    }

    public Task Unsubscribe(IRiskObserver observer)
    {
        _observers.Remove(observer);
        return Task.CompletedTask;
    }

    private CompanyState RequireExisting() =>
        Exists ? state.State : throw new UnknownCompanyException(CompanyId);

    private async Task<WriteResult> Commit(CompanyState next, ChangeCause cause)
    {
        var previous = state.State;
        var wasNew = previous.Profile is null;
        next = next with { Version = previous.Version + 1, VersionCeiling = Math.Max(previous.VersionCeiling, previous.Version + 1) };
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The write was not acknowledged, so nothing of it may remain.
            state.State = previous;
            throw;
        }

        _marketDirty = false;
        var result = Applied(next, cause);
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

    private WriteResult Applied(CompanyState next, ChangeCause cause)
    {
        // One span per change: the evaluation, then the publication nested in it.
        using (var activity = RiskGrainsDiagnostics.ActivitySource.StartActivity("recompute"))
        {
            var previousBand = _snapshot?.Assessment.Band;
            _snapshot = Evaluate(next, cause, activity?.TraceId.ToHexString() ?? Activity.Current?.TraceId.ToHexString() ?? "");
            activity?.SetTag("company.id", CompanyId);
            activity?.SetTag("company.version", (long)next.Version);
            activity?.SetTag("risk.score", _snapshot.Assessment.Score);
            activity?.SetTag("risk.band", _snapshot.Assessment.Band?.ToString());
            Publish(_snapshot);
            if (_snapshot.Assessment.Band != previousBand)
            {
                GrainFactory.GetGrain<ICompanyDirectoryGrain>(0).ReportBand(CompanyId, _snapshot.Assessment.Band).Ignore();
            }
        }

        RiskGrainsDiagnostics.WritesApplied.Add(1);
        return new WriteResult(next.Version, Applied: true);
    }

    private WriteResult Ignored()
    {
        RiskGrainsDiagnostics.WritesIgnored.Add(1);
        return new WriteResult(state.State.Version, Applied: false);
    }

    private RiskSnapshot Evaluate(CompanyState current, ChangeCause cause, string traceId)
    {
        var started = Stopwatch.GetTimestamp();
        var assessment = RiskModel.Evaluate(current.ToInputs(), _parameters);
        RiskGrainsDiagnostics.RecomputeDuration.Record(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        return new RiskSnapshot(
            CompanyId,
            current.Version,
            DateTimeOffset.UtcNow,
            current.Profile!,
            assessment,
            cause,
            traceId,
            current.Market?.AsOf,
            RuntimeIdentity);
    }

    private void Publish(RiskSnapshot snapshot)
    {
        if (_observers.Count == 0)
        {
            return;
        }

        using var activity = RiskGrainsDiagnostics.ActivitySource.StartActivity("publish");
        activity?.SetTag("company.id", CompanyId);
        activity?.SetTag("company.version", (long)snapshot.Version);
        activity?.SetTag("publish.silos", _observers.Count);

        var expired = DateTime.UtcNow - _options.ObserverExpiry;
        List<IRiskObserver>? stale = null;
        foreach (var (observer, refreshed) in _observers)
        {
            if (refreshed < expired)
            {
                (stale ??= []).Add(observer);
                continue;
            }

            observer.OnRiskChanged(snapshot).Ignore();
        }

        stale?.ForEach(o => _observers.Remove(o));
    }

    private void ScheduleMarketSave()
    {
        _marketDirty = true;
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
            new GrainTimerCreationOptions(_options.MarketStateSaveInterval, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task SaveMarketState()
    {
        try
        {
            await state.WriteStateAsync();
            _marketDirty = false;
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

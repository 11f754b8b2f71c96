using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// One portfolio (docs/risk-model.md §7). Its definition is stored before a change is acknowledged;
/// its figures live in memory, in a <see cref="PortfolioBook"/> fed by its members. The grain is
/// itself an <see cref="IRiskObserver"/> of each member company, the path a silo's watch hub takes:
/// it subscribes, takes the snapshot returned, takes every newer version pushed to it, and
/// re-subscribes every <see cref="WatchOptions.WatchRefreshInterval"/>, since a company forgets its
/// observers when it moves or restarts. Silos watching the portfolio are told at a bounded pace
/// (<see cref="PortfolioPublication"/>).
/// </summary>
public sealed class PortfolioGrain : Grain, IPortfolioGrain, IRiskObserver
{
    private readonly IPersistentState<PortfolioState> _state;
    private readonly ILogger<PortfolioGrain> _logger;
    private readonly TimeSpan _refreshInterval;
    private readonly PortfolioPublication _publication;

    // Figures composed in one activation share its epoch, and rise in revision with each change.
    private readonly Guid _epoch = Guid.NewGuid();
    private ulong _revision;
    private PortfolioMembers? _members;
    private PortfolioSnapshot? _current;
    private IGrainTimer? _refresh;
    private IRiskObserver? _self;

    public PortfolioGrain(
        [PersistentState("portfolio", StorageNames.Companies)] IPersistentState<PortfolioState> state,
        IOptions<PortfolioOptions> options,
        IOptions<WatchOptions> watch,
        ILogger<PortfolioGrain> logger)
    {
        _state = state;
        _logger = logger;
        _refreshInterval = watch.Value.WatchRefreshInterval;
        _publication = new PortfolioPublication(this, options.Value.PortfolioPublishInterval, watch.Value.ObserverExpiry, () => _members is null ? null : Current(), logger);
    }

    private string PortfolioId => this.GetPrimaryKeyString();

    private IRiskObserver Self => _self ??= this.AsReference<IRiskObserver>();

    private IPortfolioDirectoryGrain Directory => GrainFactory.GetGrain<IPortfolioDirectoryGrain>(0);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.State.Portfolio is { } portfolio)
        {
            // The figures are not stored: the members give them again.
            _members = new PortfolioMembers(portfolio, previous: null);
            await SubscribeTo(_members.CompanyIds);
            StartRefreshing();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _refresh?.Dispose();
        _publication.Stop();
        return Task.CompletedTask;
    }

    public async Task<WriteResult> Upsert(Portfolio portfolio)
    {
        var stored = _state.State;
        if (stored.Portfolio == portfolio)
        {
            // Ignored, though its listing is sent again: a retry after a failed listing lands it.
            await Register();
            return new WriteResult(stored.Version, Applied: false);
        }

        _state.State = new PortfolioState { Portfolio = portfolio, Version = stored.Version + 1 };
        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            _state.State = stored;
            throw;
        }

        // Only the members that changed are subscribed or released; the others keep what was taken of them.
        var previous = _members;
        var members = new PortfolioMembers(portfolio, previous);
        _members = members;
        Changed();
        var added = members.CompanyIds.Where(id => previous?.Contains(id) != true).ToList();
        var released = previous?.CompanyIds.Where(id => !members.Contains(id)).ToList() ?? [];
        await SubscribeTo(added);
        await MemberCalls.ForEach(released, Release);
        StartRefreshing();
        PortfolioLog.Upserted(_logger, PortfolioId, _state.State.Version, portfolio.Positions.Length, CallerPrincipal.Current());
        await Register();
        return new WriteResult(_state.State.Version, Applied: true);
    }

    public async Task<ulong?> Remove()
    {
        if (_members is not { } members)
        {
            // Perhaps a retry after the listing failed to go: it goes now.
            await Directory.Remove(PortfolioId);
            DeactivateOnIdle();
            return null;
        }

        var version = _state.State.Version;
        await _state.ClearStateAsync();
        _state.State = new PortfolioState();
        _members = null;
        _current = null;
        _refresh?.Dispose();
        _refresh = null;
        _publication.Removed(PortfolioId);
        PortfolioLog.Removed(_logger, PortfolioId, version, CallerPrincipal.Current());
        await MemberCalls.ForEach(members.CompanyIds, Release);
        await Directory.Remove(PortfolioId);
        DeactivateOnIdle();
        return version;
    }

    public Task<PortfolioSnapshot?> GetRisk() => Task.FromResult(_members is null ? Unknown<PortfolioSnapshot>() : Current());

    public Task<PortfolioScenarioBasis?> GetScenarioBasis() =>
        Task.FromResult(_members is { } members ? new PortfolioScenarioBasis(Current(), members.Portfolio) : Unknown<PortfolioScenarioBasis>());

    /// <summary>A silo's watch hub; a portfolio that does not exist keeps no observer (its watch is NOT_FOUND).</summary>
    public Task<PortfolioSnapshot?> Subscribe(IPortfolioObserver observer)
    {
        if (_members is null)
        {
            return Task.FromResult(Unknown<PortfolioSnapshot>());
        }

        _publication.Subscribe(observer);
        return Task.FromResult<PortfolioSnapshot?>(Current());
    }

    public Task Unsubscribe(IPortfolioObserver observer)
    {
        _publication.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>A member's new version: O(1) into the book (docs/risk-model.md §7); the figures are composed only for readers and watchers.</summary>
    public Task OnRiskChanged(RiskSnapshot snapshot)
    {
        if (_members is null)
        {
            // A removed portfolio (or one never created), woken by a subscription left over.
            Release(snapshot.CompanyId).Ignore();
            DeactivateOnIdle();
            return Task.CompletedTask;
        }

        Take(snapshot);
        return Task.CompletedTask;
    }

    private void Take(RiskSnapshot snapshot)
    {
        var started = Stopwatch.GetTimestamp();
        switch (_members!.Take(snapshot))
        {
            case MemberUpdate.Taken:
                Changed();
                PortfolioMetrics.MemberUpdateDuration.Record(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                break;
            case MemberUpdate.NotMember:
                // Subscribed by a refresh under way when the position was dropped.
                Release(snapshot.CompanyId).Ignore();
                break;
        }
    }

    private void Changed()
    {
        _revision++;
        _current = null;
        _publication.Changed();
    }

    // Composed once per change at most, on the first read or publication after it.
    private PortfolioSnapshot Current()
    {
        if (_current is null)
        {
            var portfolio = _members!.Portfolio;
            var started = Stopwatch.GetTimestamp();
            var risk = _members.Book.Compose();
            PortfolioMetrics.ComposeDuration.Record(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            _current = new PortfolioSnapshot(PortfolioId, _state.State.Version, portfolio.Name, portfolio.Currency, DateTimeOffset.UtcNow, risk, _epoch, _revision);
        }

        return _current;
    }

    // A company that does not exist yet answers null and keeps the observer: its position stays
    // no_pd until the company is created and publishes its first version here.
    private Task SubscribeTo(IReadOnlyCollection<string> companyIds) => MemberCalls.ForEach(companyIds, async id =>
    {
        try
        {
            if (await GrainFactory.GetGrain<ICompanyGrain>(id).Subscribe(Self) is { } snapshot && _members is not null)
            {
                Take(snapshot);
            }
        }
        catch (Exception ex)
        {
            PortfolioLog.SubscribeFailed(_logger, ex, PortfolioId, id);
        }
    });

    private async Task Release(string companyId)
    {
        try
        {
            await GrainFactory.GetGrain<ICompanyGrain>(companyId).Unsubscribe(Self);
        }
        catch (Exception ex)
        {
            // The company drops an observer not refreshed for three intervals anyway.
            _logger.LogDebug(ex, "Portfolio {PortfolioId}: releasing {CompanyId} failed", PortfolioId, companyId);
        }
    }

    private void StartRefreshing() =>
        _refresh ??= this.RegisterGrainTimer(
            () => _members is { } members ? SubscribeTo([.. members.CompanyIds]) : Task.CompletedTask,
            new GrainTimerCreationOptions(_refreshInterval, _refreshInterval) { Interleave = true, KeepAlive = false });

    private Task Register()
    {
        var portfolio = _members!.Portfolio;
        return Directory.Register(new PortfolioListing(PortfolioId, portfolio.Name, portfolio.Currency, portfolio.Positions.Length, _state.State.Version));
    }

    // A portfolio that does not exist keeps no activation: lookups of unknown ids would hold memory until collection.
    private T? Unknown<T>()
        where T : class
    {
        DeactivateOnIdle();
        return null;
    }
}

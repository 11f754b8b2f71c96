using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// A dependent's side of contagion (docs/risk-model.md §6). The company observes each counterparty of
/// its revenue dependencies the way a portfolio observes its members: it subscribes, takes the snapshot
/// returned and every newer version pushed to it, and subscribes again every WatchRefreshInterval, so a
/// counterparty created later, or one that moved or restarted and forgot its observers, is picked up.
/// It keeps the newest score each counterparty sent and the scores the current version used, and says
/// when one moved beyond the dead band (<see cref="Contagion.DefaultEpsilon"/>) from the one used.
/// </summary>
internal sealed class Counterparties(
    IGrainBase grain,
    IGrainFactory grains,
    Func<IRiskObserver> self,
    TimeSpan refreshInterval,
    Func<string, Task> moved,
    ILogger logger)
{
    private readonly Dictionary<string, Heard> _heard = new(StringComparer.Ordinal);
    private ImmutableHashSet<string> _ids = ImmutableHashSet.Create<string>(StringComparer.Ordinal);
    private ImmutableDictionary<string, double> _used = ImmutableDictionary.Create<string, double>(StringComparer.Ordinal);
    private IGrainTimer? _refresh;
    private bool _due;

    /// <summary>The counterparties' scores the current version was evaluated with; unknown ones are absent.</summary>
    public ImmutableDictionary<string, double> Used => _used;

    /// <summary>At activation: the stored scores stand until the counterparties answer, which they are asked at once.</summary>
    public void Restore(ImmutableArray<RevenueDependency> dependencies, ImmutableDictionary<string, double>? used)
    {
        _ids = [.. dependencies.Select(d => d.CounterpartyId)];
        _used = (used ?? _used).Where(s => _ids.Contains(s.Key)).ToImmutableDictionary(StringComparer.Ordinal);
        if (!_ids.IsEmpty)
        {
            StartRefreshing(TimeSpan.Zero);
        }
    }

    /// <summary>What each dependency transmits with the scores used (docs/risk-model.md §6).</summary>
    public ImmutableArray<DependencyContribution> Contributions(ImmutableArray<RevenueDependency> dependencies) =>
        dependencies.IsEmpty ? [] : Contagion.Evaluate(dependencies, id => _used.TryGetValue(id, out var score) ? score : null);

    /// <summary>
    /// A new list of dependencies replacing <paramref name="previous"/>, stored by <paramref name="commit"/>.
    /// The counterparties not followed yet are subscribed first, so the write is evaluated with their
    /// scores; once it is stored, <paramref name="stored"/> runs and those no longer followed are released.
    /// </summary>
    public async Task<T> Replace<T>(ImmutableArray<RevenueDependency> previous, ImmutableArray<RevenueDependency> next, Func<Task<T>> commit, Action stored)
    {
        var before = (_ids, _used);
        ImmutableHashSet<string> ids = [.. next.Select(d => d.CounterpartyId)];
        await SubscribeTo([.. ids.Except(_ids)]);
        _ids = ids;
        Use();
        T result;
        try
        {
            result = await commit();
        }
        catch
        {
            (_ids, _used) = before;
            throw;
        }

        stored();
        Followed(previous.Select(d => d.CounterpartyId));
        return result;
    }

    private void Followed(IEnumerable<string> previous)
    {
        foreach (var id in previous.Where(id => !_ids.Contains(id)))
        {
            _heard.Remove(id);
            Release(id).Ignore();
        }

        if (_ids.IsEmpty)
        {
            _refresh?.Dispose();
            _refresh = null;
        }
        else
        {
            StartRefreshing(refreshInterval);
        }
    }

    /// <summary>
    /// A counterparty's new version: true when its score moved beyond the dead band from the one used
    /// (or it became known, or unknown). A company that is no counterparty any more is released.
    /// </summary>
    public bool Take(RiskSnapshot snapshot)
    {
        if (!_ids.Contains(snapshot.CompanyId))
        {
            Release(snapshot.CompanyId).Ignore();
            return false;
        }

        if (_heard.TryGetValue(snapshot.CompanyId, out var heard) && snapshot.Version <= heard.Version)
        {
            return false;
        }

        _heard[snapshot.CompanyId] = new Heard(snapshot.Version, snapshot.Assessment.Score, snapshot.TraceId);
        return MovedFromUsed(snapshot.CompanyId);
    }

    /// <summary>A counterparty moved: the recompute is sent to the company itself, behind the updates already queued (<see cref="IDependentCompany"/>).</summary>
    public Task Moved(string traceId)
    {
        if (!_due)
        {
            _due = true;
            grain.GrainContext.GrainReference.AsReference<IDependentCompany>().CounterpartiesMoved(traceId).Ignore();
        }

        return Task.CompletedTask;
    }

    /// <summary>The recompute sent by <see cref="Moved"/> arrived: true when a counterparty is still beyond the dead band from the score used.</summary>
    public bool Due()
    {
        _due = false;
        return _ids.Any(id => _heard.ContainsKey(id) && MovedFromUsed(id));
    }

    /// <summary>The newest scores heard become the ones used; returns the ones used before, to take the change back.</summary>
    public ImmutableDictionary<string, double> Use()
    {
        var before = _used;
        var used = _used.ToBuilder();
        foreach (var id in _ids)
        {
            if (_heard.TryGetValue(id, out var heard))
            {
                if (heard.Score is { } score)
                {
                    used[id] = score;
                }
                else
                {
                    used.Remove(id);
                }
            }
        }

        foreach (var id in used.Keys.Where(id => !_ids.Contains(id)).ToList())
        {
            used.Remove(id);
        }

        _used = used.ToImmutable();
        return before;
    }

    public void Restore(ImmutableDictionary<string, double> used) => _used = used;

    public void Stop() => _refresh?.Dispose();

    private bool MovedFromUsed(string id)
    {
        var heard = _heard[id].Score;
        var used = _used.TryGetValue(id, out var score) ? score : (double?)null;
        return heard is { } h && used is { } u ? Math.Abs(h - u) > Contagion.DefaultEpsilon : heard.HasValue != used.HasValue;
    }

    // A counterparty that does not exist yet answers null and keeps the observer: it transmits
    // nothing (counterparty_unknown) until it is created and publishes its first version here.
    private async Task SubscribeTo(IReadOnlyCollection<string> ids)
    {
        await MemberCalls.ForEach(ids, async id =>
        {
            try
            {
                var snapshot = await grains.GetGrain<ICompanyGrain>(id).Subscribe(self());
                if (snapshot is not null)
                {
                    if (!_heard.TryGetValue(id, out var heard) || snapshot.Version > heard.Version)
                    {
                        _heard[id] = new Heard(snapshot.Version, snapshot.Assessment.Score, snapshot.TraceId);
                    }
                }
                else
                {
                    _heard.TryAdd(id, new Heard(0, null, ""));
                }
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "{GrainId}: subscribing to counterparty {CompanyId} failed; retrying at the next refresh", grain.GrainContext.GrainId, id);
            }
        });
    }

    // Not interleaved: the scores it takes may start a recompute, which must not run inside another write's turn.
    private void StartRefreshing(TimeSpan due)
    {
        _refresh?.Dispose();
        _refresh = grain.RegisterGrainTimer(Refresh, new GrainTimerCreationOptions(due, refreshInterval) { Interleave = false, KeepAlive = false });
    }

    private async Task Refresh()
    {
        await SubscribeTo(_ids);
        // Carried on in the trace of the change that moved the first of them.
        if (_ids.FirstOrDefault(id => _heard.ContainsKey(id) && MovedFromUsed(id)) is { } first)
        {
            await moved(_heard[first].TraceId);
        }
    }

    private async Task Release(string companyId)
    {
        try
        {
            await grains.GetGrain<ICompanyGrain>(companyId).Unsubscribe(self());
        }
        catch (Exception ex)
        {
            // The counterparty drops an observer not refreshed for three intervals anyway.
            logger.LogDebug(ex, "{GrainId}: releasing counterparty {CompanyId} failed", grain.GrainContext.GrainId, companyId);
        }
    }

    private readonly record struct Heard(ulong Version, double? Score, string TraceId);
}

using System.Collections.Immutable;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>What the directory persists.</summary>
public sealed record DirectoryState
{
    public ImmutableSortedDictionary<string, CompanyListing> Companies { get; init; } =
        ImmutableSortedDictionary.Create<string, CompanyListing>(StringComparer.Ordinal);

    public bool SampleDataLoaded { get; init; }
}

/// <summary>
/// The list of companies. Registration is persisted before it is acknowledged; band changes
/// arrive often and are saved in the background, since each company grain re-reports its band
/// whenever it changes.
/// </summary>
public sealed class CompanyDirectoryGrain(
    [PersistentState("directory", StorageNames.Companies)] IPersistentState<DirectoryState> state) : Grain, ICompanyDirectoryGrain
{
    private static readonly TimeSpan BandSaveDelay = TimeSpan.FromSeconds(2);
    private IGrainTimer? _bandSave;
    private TaskCompletionSource? _nextSave;
    private bool _saving;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A dictionary read back from storage has the default comparer; paging needs ordinal order.
        state.State = state.State with { Companies = state.State.Companies.WithComparers(StringComparer.Ordinal) };
        return Task.CompletedTask;
    }

    public async Task Register(CompanyListing listing)
    {
        var current = state.State;
        var merged = current.Companies.TryGetValue(listing.CompanyId, out var known)
            ? known with { Name = listing.Name }
            : listing;
        if (known == merged)
        {
            return;
        }

        state.State = current with { Companies = current.Companies.SetItem(listing.CompanyId, merged) };

        // Acknowledged once stored; registrations arriving together share one write (group commit).
        await Save();
    }

    public Task ReportBand(string companyId, Band? band)
    {
        var current = state.State;
        if (current.Companies.TryGetValue(companyId, out var known) && known.Band != band)
        {
            state.State = current with { Companies = current.Companies.SetItem(companyId, known with { Band = band }) };

            // Bands change with every tick that crosses a boundary; they are saved in the background.
            _bandSave ??= this.RegisterGrainTimer(
                async _ =>
                {
                    _bandSave?.Dispose();
                    _bandSave = null;
                    await Save();
                },
                new GrainTimerCreationOptions(BandSaveDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = true });
        }

        return Task.CompletedTask;
    }

    // One write at a time; whatever changed while it ran goes into the next one.
    private Task Save()
    {
        var next = _nextSave ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_saving)
        {
            _saving = true;
            _ = SaveWhilePending();
        }

        return next.Task;
    }

    private async Task SaveWhilePending()
    {
        try
        {
            while (_nextSave is { } waiting)
            {
                _nextSave = null;
                try
                {
                    await state.WriteStateAsync();
                    waiting.SetResult();
                }
                catch (Exception ex)
                {
                    waiting.SetException(ex);
                }
            }
        }
        finally
        {
            _saving = false;
        }
    }

    public Task<CompanyPage> List(string? after, int pageSize, Band? band)
    {
        var page = ImmutableArray.CreateBuilder<CompanyListing>(Math.Min(pageSize, 256));
        string? last = null;
        var more = false;
        foreach (var (id, listing) in state.State.Companies)
        {
            if (after is not null && string.CompareOrdinal(id, after) <= 0)
            {
                continue;
            }

            if (band is not null && listing.Band != band)
            {
                continue;
            }

            if (page.Count == pageSize)
            {
                more = true;
                break;
            }

            page.Add(listing);
            last = id;
        }

        return Task.FromResult(new CompanyPage(page.ToImmutable(), more ? last : null));
    }

    public Task<int> Count() => Task.FromResult(state.State.Companies.Count);

    public Task<bool> IsSampleDataLoaded() => Task.FromResult(state.State.SampleDataLoaded);

    public async Task MarkSampleDataLoaded()
    {
        state.State = state.State with { SampleDataLoaded = true };
        await Save();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_bandSave is not null)
        {
            _bandSave.Dispose();
            await Save();
        }
    }
}

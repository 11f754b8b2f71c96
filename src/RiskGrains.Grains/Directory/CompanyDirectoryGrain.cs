using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// The list of companies: a sorted index in memory for paging, one stored row per company.
/// Registration (name, sector) is persisted before it is acknowledged; bands and scores arrive with
/// each company's history points and are saved in the background, since each company re-reports them.
/// Either way only the rows that changed are written.
/// </summary>
public sealed class CompanyDirectoryGrain(
    [PersistentState("directory", StorageNames.Companies)] IPersistentState<DirectoryState> state,
    ICompanyDirectoryStore store,
    ILogger<CompanyDirectoryGrain> logger) : Grain, ICompanyDirectoryGrain
{
    private static readonly TimeSpan BackgroundSaveDelay = TimeSpan.FromSeconds(2);
    private ImmutableSortedDictionary<string, CompanyListing> _companies = ImmutableSortedDictionary.Create<string, CompanyListing>(StringComparer.Ordinal);

    // Rows changed since the last write began, and the rows of the write under way.
    private Dictionary<string, CompanyListing> _changed = new(StringComparer.Ordinal);
    private Dictionary<string, CompanyListing>? _writing;
    private IGrainTimer? _backgroundSave;
    private TaskCompletionSource? _nextSave;
    private bool _saving;
    private bool _deactivating;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var companies = ImmutableSortedDictionary.CreateBuilder<string, CompanyListing>(StringComparer.Ordinal);
        foreach (var row in await store.ReadAll(this.GetGrainId(), cancellationToken))
        {
            companies[row.CompanyId] = row;
        }

        if (state.State.Companies is { } legacy)
        {
            // Rows first, then the list is dropped: a crash in between finds the list again and
            // writes the same rows once more. Nothing registers before activation has ended.
            if (legacy.Count > 0)
            {
                await store.Upsert(this.GetGrainId(), [.. legacy.Values]);
            }

            foreach (var row in legacy.Values)
            {
                companies[row.CompanyId] = row;
            }

            state.State = state.State with { Companies = null };
            await state.WriteStateAsync(cancellationToken);
            logger.LogInformation("Moved {Count} directory listings from the grain state to the row store", legacy.Count);
        }

        _companies = companies.ToImmutable();
    }

    public Task Register(CompanyListing listing)
    {
        // A known company keeps the band and score reported last; a registration brings its name and sector.
        var merged = _companies.TryGetValue(listing.CompanyId, out var known)
            ? known with { Name = listing.Name, Sector = listing.Sector }
            : listing;
        if (known != merged)
        {
            Change(merged);
        }
        else if (!_changed.ContainsKey(listing.CompanyId) && _writing?.ContainsKey(listing.CompanyId) != true)
        {
            return Task.CompletedTask;
        }

        // Acknowledged once stored (an unchanged row too, while its write is pending); registrations
        // arriving together share one write (group commit).
        return Save();
    }

    public Task ReportBand(string companyId, Band? band)
    {
        if (_companies.TryGetValue(companyId, out var known) && known.Band != band)
        {
            Change(known with { Band = band });

            // Bands change with every tick that crosses a boundary; they are saved in the background.
            ScheduleBackgroundSave();
        }

        return Task.CompletedTask;
    }

    public Task ReportScore(string companyId, string sector, Band? band, double? score)
    {
        // The sector too: rows stored before it existed get it with the company's next point.
        if (_companies.TryGetValue(companyId, out var known) && (known.Band != band || known.Score != score || known.Sector != sector))
        {
            Change(known with { Sector = sector, Band = band, Score = score });

            // At most one report per company per history interval, saved in the background.
            ScheduleBackgroundSave();
        }

        return Task.CompletedTask;
    }

    public Task<PeerRanking?> Peers(string companyId, int maxListed) =>
        Task.FromResult(_companies.TryGetValue(companyId, out var company) ? PeerRanking.Of(company, _companies.Values, maxListed) : null);

    private void Change(CompanyListing row)
    {
        _companies = _companies.SetItem(row.CompanyId, row);
        _changed[row.CompanyId] = row;
    }

    private void ScheduleBackgroundSave()
    {
        if (_deactivating)
        {
            return;
        }

        _backgroundSave ??= this.RegisterGrainTimer(
            async _ =>
            {
                _backgroundSave?.Dispose();
                _backgroundSave = null;
                await Save();
            },
            new GrainTimerCreationOptions(BackgroundSaveDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = true });
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
                var rows = _changed;
                _changed = new(StringComparer.Ordinal);
                _writing = rows;
                try
                {
                    if (rows.Count > 0)
                    {
                        await store.Upsert(this.GetGrainId(), [.. rows.Values]);
                    }

                    waiting.SetResult();
                }
                catch (Exception ex)
                {
                    // Not stored: the rows stay changed (unless changed again since) and are tried again
                    // in the background; the registrations waiting for them fail, and their callers retry.
                    foreach (var (id, row) in rows)
                    {
                        _changed.TryAdd(id, row);
                    }

                    logger.LogWarning(ex, "Writing {Count} directory rows failed", rows.Count);
                    ScheduleBackgroundSave();
                    waiting.SetException(ex);
                }
                finally
                {
                    _writing = null;
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
        var (rows, nextAfter) = KeysetPage.Take(_companies, after, pageSize, band is null ? null : listing => listing.Band == band);
        return Task.FromResult(new CompanyPage(rows, nextAfter));
    }

    public Task<int> Count() => Task.FromResult(_companies.Count);

    public Task<bool> IsSampleDataLoaded() => Task.FromResult(state.State.SampleDataLoaded);

    public async Task MarkSampleDataLoaded()
    {
        state.State = state.State with { SampleDataLoaded = true };
        await state.WriteStateAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deactivating = true;
        _backgroundSave?.Dispose();
        _backgroundSave = null;
        if (_changed.Count > 0 || _saving)
        {
            await Save();
        }
    }
}

using Microsoft.Extensions.Logging;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// A company's row in the directory: registered when the company is created, renamed or moved to
/// another sector, its band and score reported with each history point. The company's own write is stored and acknowledged whatever
/// happens here; a registration that fails is retried, with the listing as it is then, until it lands.
/// </summary>
internal sealed class DirectoryListing(IGrainBase grain, IGrainFactory grains, Func<CompanyListing> current, ILogger logger)
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);
    private IGrainTimer? _retry;

    private ICompanyDirectoryGrain Directory => grains.GetGrain<ICompanyDirectoryGrain>(0);

    /// <summary>Registers the company when it is new, renamed or moved to another sector.</summary>
    public Task ProfileChanged(CompanyProfile? before, CompanyProfile after) =>
        (before?.Name, before?.Sector) != (after.Name, after.Sector) ? Register() : Task.CompletedTask;

    public async Task Register()
    {
        var listing = current();
        try
        {
            await Directory.Register(listing);
            _retry?.Dispose();
            _retry = null;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Listing {CompanyId} in the directory failed; retrying", listing.CompanyId);
            _retry ??= grain.RegisterGrainTimer(Register, new GrainTimerCreationOptions(RetryInterval, RetryInterval) { KeepAlive = true });
        }
    }

    /// <summary>One-way, with each history point: the directory's score is at most one history interval old.</summary>
    public void Report(HistoryPoint point) => Directory.ReportScore(point.CompanyId, current().Sector ?? "", point.Band, point.Score).Ignore();

    public void Stop() => _retry?.Dispose();
}

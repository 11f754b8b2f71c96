using Microsoft.Extensions.Logging;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// A company's row in the directory: registered when the company is created or renamed, its band
/// reported whenever it changes. The company's own write is stored and acknowledged whatever
/// happens here; a registration that fails is retried, with the listing as it is then, until it lands.
/// </summary>
internal sealed class DirectoryListing(IGrainBase grain, IGrainFactory grains, Func<CompanyListing> current, ILogger logger)
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);
    private IGrainTimer? _retry;

    private ICompanyDirectoryGrain Directory => grains.GetGrain<ICompanyDirectoryGrain>(0);

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

    /// <summary>One-way: bands change with ticks, and the directory saves them in the background.</summary>
    public void ReportBand(string companyId, Band? band) => Directory.ReportBand(companyId, band).Ignore();

    public void Stop() => _retry?.Dispose();
}

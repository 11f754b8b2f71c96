using Orleans.Concurrency;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>The list of companies the service follows, with each one's sector, latest band and score.</summary>
public interface ICompanyDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Interleaves, so that registrations arriving together are stored by one write.</summary>
    [AlwaysInterleave]
    Task Register(CompanyListing listing);

    [OneWay]
    Task ReportBand(string companyId, Band? band);

    /// <summary>A company's sector, band and score with each of its history points, so at most one history interval old.</summary>
    [OneWay]
    Task ReportScore(string companyId, string sector, Band? band, double? score);

    /// <summary>The company's place in its sector; null when the company is not listed.</summary>
    [AlwaysInterleave]
    Task<PeerRanking?> Peers(string companyId, int maxListed);

    [AlwaysInterleave]
    Task<CompanyPage> List(string? after, int pageSize, Band? band);

    [AlwaysInterleave]
    Task<int> Count();

    Task<bool> IsSampleDataLoaded();

    Task MarkSampleDataLoaded();
}

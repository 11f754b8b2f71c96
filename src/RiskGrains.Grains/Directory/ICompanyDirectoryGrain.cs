using Orleans.Concurrency;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>The list of companies the service follows, with each one's latest band.</summary>
public interface ICompanyDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Interleaves, so that registrations arriving together are stored by one write.</summary>
    [AlwaysInterleave]
    Task Register(CompanyListing listing);

    [OneWay]
    Task ReportBand(string companyId, Band? band);

    [AlwaysInterleave]
    Task<CompanyPage> List(string? after, int pageSize, Band? band);

    [AlwaysInterleave]
    Task<int> Count();

    Task<bool> IsSampleDataLoaded();

    Task MarkSampleDataLoaded();
}

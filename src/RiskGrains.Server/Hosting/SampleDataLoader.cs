using Microsoft.Extensions.Options;
using RiskGrains.Grains;

namespace RiskGrains.Server.Hosting;

/// <summary>On first start with an empty store, loads the sample companies (and the sample portfolio beside them) through the same grain calls a client's writes take.</summary>
internal sealed class SampleDataLoader(IGrainFactory grains, IOptions<RiskGrainsOptions> options, ILogger<SampleDataLoader> logger) : IHostedService
{
    /// <summary>The principal the sample's writes are recorded as made by.</summary>
    public const string Principal = "sample-data";

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "data", "sample", "hyperscalers.json");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.LoadSampleData)
        {
            return;
        }

        var directory = grains.GetGrain<ICompanyDirectoryGrain>(0);
        if (await directory.IsSampleDataLoaded())
        {
            return;
        }

        var known = await directory.Count();
        if (known > 0)
        {
            logger.LogInformation("The store already holds {Count} companies; the sample data is not loaded", known);
            return;
        }

        var path = options.Value.SampleDataPath ?? DefaultPath;
        var set = SampleDataSet.Read(path);

        // The writes are the server's own: changed_by and the log name the sample, not a caller.
        CallerPrincipal.Flow(Principal);
        var done = 0;
        foreach (var company in set.Companies)
        {
            var grain = grains.GetGrain<ICompanyGrain>(company.Profile.Id);
            await grain.UpsertProfile(company.Profile);
            await grain.ReportFinancials(company.Periods);
            foreach (var commitment in company.Commitments)
            {
                await grain.UpsertCommitment(commitment);
            }

            if (company.Market is { } market)
            {
                await grain.PublishMarketData(MarketTick.From(market.ToMarketState()));
            }

            done++;
            logger.LogInformation(
                "Sample data {Done}/{Total}: {CompanyId} with {Periods} periods, {Commitments} commitments and {Market}",
                done, set.Companies.Length, company.Profile.Id, company.Periods.Length, company.Commitments.Length,
                company.Market is { } m ? $"a market state as of {m.AsOf:yyyy-MM-dd}" : "no market state");
        }

        // The illustrative portfolio on the sample companies, when its file sits beside theirs.
        var portfolioPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, SamplePortfolio.FileName);
        if (File.Exists(portfolioPath))
        {
            var portfolio = SamplePortfolio.Read(portfolioPath);
            await grains.GetGrain<IPortfolioGrain>(portfolio.Id).Upsert(portfolio);
            logger.LogInformation("Sample data: portfolio {PortfolioId} with {Positions} positions", portfolio.Id, portfolio.Positions.Length);
        }

        await directory.MarkSampleDataLoaded();
        logger.LogInformation("Loaded the sample data from {Path}", path);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

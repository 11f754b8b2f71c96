using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using RiskGrains.Grains;
using RiskGrains.Model;

namespace RiskGrains.Server.Hosting;

/// <summary>The sample file's shape: public filings of the five hyperscalers (data/sample/README.md).</summary>
internal sealed record SampleDataSet(string Description, string Units, ImmutableArray<SampleCompany> Companies)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static SampleDataSet Read(string path)
    {
        using var file = File.OpenRead(path);
        var set = JsonSerializer.Deserialize<SampleDataSet>(file, Json)
            ?? throw new InvalidDataException($"{path} is empty");
        var errors = set.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new InvalidDataException($"{path} is invalid: " + string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")));
        }

        return set;
    }

    private IEnumerable<FieldError> Validate()
    {
        for (var i = 0; i < Companies.Length; i++)
        {
            var company = Companies[i];
            var path = $"companies[{i}]";
            foreach (var e in InputRules.ValidateProfile(company.Profile, $"{path}.profile"))
            {
                yield return e;
            }

            for (var j = 0; j < company.Periods.Length; j++)
            {
                foreach (var e in InputRules.ValidatePeriod(company.Periods[j], $"{path}.periods[{j}]"))
                {
                    yield return e;
                }
            }

            for (var j = 0; j < company.Commitments.Length; j++)
            {
                foreach (var e in InputRules.ValidateCommitment(company.Commitments[j], $"{path}.commitments[{j}]"))
                {
                    yield return e;
                }
            }
        }
    }
}

internal sealed record SampleCompany(CompanyProfile Profile, ImmutableArray<FinancialPeriod> Periods, ImmutableArray<Commitment> Commitments);

/// <summary>On first start with an empty store, loads the sample companies through the same grain calls a client's writes take.</summary>
internal sealed class SampleDataLoader(IGrainFactory grains, IOptions<RiskGrainsOptions> options, ILogger<SampleDataLoader> logger) : IHostedService
{
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

            done++;
            logger.LogInformation(
                "Sample data {Done}/{Total}: {CompanyId} with {Periods} periods and {Commitments} commitments",
                done, set.Companies.Length, company.Profile.Id, company.Periods.Length, company.Commitments.Length);
        }

        await directory.MarkSampleDataLoaded();
        logger.LogInformation("Loaded the sample data from {Path}", path);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
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

    // Under the rules a client's writes are held to, dates included, as of today.
    private IEnumerable<FieldError> Validate()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
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
                foreach (var e in InputRules.ValidatePeriod(company.Periods[j], $"{path}.periods[{j}]", today))
                {
                    yield return e;
                }
            }

            for (var j = 0; j < company.Commitments.Length; j++)
            {
                foreach (var e in InputRules.ValidateCommitment(company.Commitments[j], $"{path}.commitments[{j}]", today))
                {
                    yield return e;
                }
            }

            if (company.Market is { } market)
            {
                foreach (var e in InputRules.ValidateMarket(market.ToMarketState(), $"{path}.market"))
                {
                    yield return e;
                }

                if (string.IsNullOrWhiteSpace(market.Source))
                {
                    yield return new FieldError($"{path}.market.source", "must say where the figures come from");
                }
            }
        }
    }
}

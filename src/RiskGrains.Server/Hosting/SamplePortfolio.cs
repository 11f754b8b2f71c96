using System.Text.Json;
using RiskGrains.Model;

namespace RiskGrains.Server.Hosting;

/// <summary>The sample portfolio's file, <c>portfolio.json</c> beside the sample companies (data/sample/README.md): illustrative, not a holding.</summary>
internal sealed record SamplePortfolio(string Description, string Units, Portfolio Portfolio)
{
    public const string FileName = "portfolio.json";

    /// <summary>The portfolio of the file, checked under the rules a client's UpsertPortfolio is held to.</summary>
    public static Portfolio Read(string path)
    {
        using var file = File.OpenRead(path);
        var sample = JsonSerializer.Deserialize<SamplePortfolio>(file, SampleDataSet.Json)
            ?? throw new InvalidDataException($"{path} is empty");
        var errors = PortfolioRules.Validate(sample.Portfolio, "portfolio").ToList();
        if (errors.Count > 0)
        {
            throw new InvalidDataException($"{path} is invalid: " + string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")));
        }

        return sample.Portfolio;
    }
}

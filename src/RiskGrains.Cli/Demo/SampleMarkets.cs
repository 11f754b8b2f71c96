using System.Text.Json;

namespace RiskGrains.Cli.Demo;

/// <summary>
/// Where the demo feed starts: the sample companies' dated market states (data/sample/hyperscalers.json, carried
/// inside the tool), and for any other company a made-up state from its EBITDA. The contract does not return a
/// company's market inputs, so the feed cannot start from what the server holds.
/// </summary>
public static class SampleMarkets
{
    /// <summary>The volatility and rate of a company the sample does not have (illustrative).</summary>
    public static readonly MarketPoint Fallback = new(MarketCap: 10_000, EquityVolatility: 0.40, RiskFreeRate: 0.04);

    /// <summary>The multiple of EBITDA (TTM) a company outside the sample is valued at (illustrative).</summary>
    public const double EbitdaMultiple = 15;

    private static readonly Lazy<IReadOnlyDictionary<string, MarketPoint>> Sample = new(Read);

    public static IReadOnlyDictionary<string, MarketPoint> All => Sample.Value;

    /// <summary>The sample's state of <paramref name="companyId"/>; otherwise <see cref="EbitdaMultiple"/> × EBITDA, or <see cref="Fallback"/>.</summary>
    public static MarketPoint StartFor(string companyId, double? ebitdaTtm) =>
        All.TryGetValue(companyId, out var point) ? point
        : ebitdaTtm is { } e && e > 0 && double.IsFinite(e) ? Fallback with { MarketCap = Math.Round(e * EbitdaMultiple, 1) }
        : Fallback;

    private static Dictionary<string, MarketPoint> Read()
    {
        var markets = new Dictionary<string, MarketPoint>(StringComparer.Ordinal);
        using var stream = typeof(SampleMarkets).Assembly.GetManifestResourceStream("hyperscalers.json");
        if (stream is null)
        {
            return markets;
        }

        using var document = JsonDocument.Parse(stream);
        foreach (var company in document.RootElement.GetProperty("companies").EnumerateArray())
        {
            if (company.TryGetProperty("market", out var market))
            {
                var id = company.GetProperty("profile").GetProperty("id").GetString()!;
                markets[id] = new MarketPoint(
                    market.GetProperty("marketCap").GetDouble(),
                    market.GetProperty("equityVolatility").GetDouble(),
                    market.GetProperty("riskFreeRate").GetDouble());
            }
        }

        return markets;
    }
}

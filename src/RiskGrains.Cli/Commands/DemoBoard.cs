using RiskGrains.Contract.V1;
using Spectre.Console;

namespace RiskGrains.Cli.Commands;

/// <summary>What the demo feed prints: one line per round, each company's synthetic market cap and volatility.</summary>
public sealed class DemoBoard(IReadOnlyList<string> companyIds, TimeSpan interval)
{
    private readonly Dictionary<string, (MarketData Tick, PublishMarketDataResponse Response)> _latest = new(StringComparer.Ordinal);

    public int Applied { get; private set; }

    public TimeSpan Interval { get; } = interval;

    public void Record(string companyId, MarketData tick, PublishMarketDataResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        _latest[companyId] = (tick, response);
        if (response.Applied)
        {
            Applied++;
        }
    }

    public Markup Line(int round)
    {
        var parts = companyIds
            .Where(_latest.ContainsKey)
            .Select(id =>
            {
                var (tick, response) = _latest[id];
                return $"[bold]{Markup.Escape(id)}[/] {Formats.CompactMoney(tick.MarketCap)} σ {tick.EquityVolatility.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} v{response.Version}";
            });
        return new Markup($"[grey]synthetic #{round}[/]  " + string.Join("  ", parts));
    }
}

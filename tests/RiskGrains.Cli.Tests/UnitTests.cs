using RiskGrains.Cli.Commands;
using RiskGrains.Cli.Demo;
using RiskGrains.Contract.V1;
using Spectre.Console.Testing;

namespace RiskGrains.Cli.Tests;

public sealed class DurationsAndBandsTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2000)]
    [InlineData("1.5s", 1500)]
    [InlineData("15m", 900_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("00:00:02", 2000)]
    public void Durations_read_with_their_unit(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Durations.Parse(text, "--interval"));

    [Theory]
    [InlineData("fast")]
    [InlineData("0s")]
    [InlineData("-1s")]
    [InlineData("")]
    public void A_duration_that_is_not_one_is_refused_naming_the_option(string text)
    {
        var e = Assert.Throws<UsageException>(() => Durations.Parse(text, "--interval"));
        Assert.StartsWith("--interval must be a positive duration", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("low", Band.Low)]
    [InlineData("MODERATE", Band.Moderate)]
    [InlineData("band_elevated", Band.Elevated)]
    [InlineData(" High ", Band.High)]
    [InlineData("Severe", Band.Severe)]
    public void Bands_read_in_any_case_with_or_without_the_enum_prefix(string text, Band band) => Assert.Equal(band, Bands.Parse(text));
}

public sealed class HistoryChartTests
{
    private static HistoryPoint Point(int minute, double? score)
    {
        var p = new HistoryPoint { Version = (ulong)minute + 1, Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 15, minute, 0, TimeSpan.Zero)) };
        if (score is { } s)
        {
            p.Score = s;
        }

        return p;
    }

    [Fact]
    public void The_highest_score_sits_on_the_top_row_and_the_lowest_on_the_bottom_row()
    {
        var lines = HistoryChart.Lines([Point(0, 20), Point(1, 30), Point(2, 40)], height: 5, width: 3);
        Assert.Equal("  40.0 ┤  ●", lines[0]);
        Assert.Equal("  20.0 ┤●││", lines[4]);
        Assert.Equal("       └───", lines[5]);
        Assert.Contains("2026-01-02 15:00:00Z", lines[6], StringComparison.Ordinal);
        Assert.Contains("2026-01-02 15:02:00Z", lines[6], StringComparison.Ordinal);
    }

    [Fact]
    public void A_point_without_a_score_leaves_its_column_empty_and_few_points_get_wider_columns()
    {
        var lines = HistoryChart.Lines([Point(0, null), Point(1, 30)], height: 3, width: 8);
        Assert.All(lines.Take(3), l => Assert.Equal(' ', l[8]));
        Assert.Equal(8 + 4 + 4, lines[0].Length);
    }

    [Fact]
    public void No_scored_point_says_so() => Assert.Equal(["no scored points in the range"], HistoryChart.Lines([Point(0, null)]));
}

public sealed class WatchBoardTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 15, 30, 0, TimeSpan.Zero);

    private static RiskUpdate Update(string id, ulong version, double score, Band band, ChangeCause cause)
    {
        var risk = new CompanyRisk { CompanyId = id, Version = version, Score = score, Band = band, RunwayMonths = 60, LiquidityCoverage12M = 3.106 };
        risk.Flags.Add("runway_capped");
        risk.PdTermStructure.Add(new PdPoint { Years = 1, CumulativeDefaultProbability = 0.000204 });
        risk.PdTermStructure.Add(new PdPoint { Years = 5, CumulativeDefaultProbability = 0.0768 });
        return new RiskUpdate { Risk = risk, Cause = cause };
    }

    [Fact]
    public void A_row_shows_the_latest_figures_the_change_since_the_first_and_the_age_of_the_last_update()
    {
        var board = new WatchBoard(["ORCL", "MSFT"], Start);
        board.Apply(Update("ORCL", 5, 30.09, Band.Moderate, ChangeCause.Snapshot), Start.AddSeconds(1));
        board.Apply(Update("ORCL", 6, 31.4, Band.Moderate, ChangeCause.Market), Start.AddSeconds(2));

        var console = new TestConsole().Width(200);
        console.Write(board.Render(Start.AddSeconds(5)));
        var orcl = console.Lines.Single(l => l.Contains("ORCL", StringComparison.Ordinal));
        var cells = orcl.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["ORCL", "31.4", "MODERATE", "+1.3", "60+ mo", "3.11×", "0.020 %", "7.7 %", "market", "3s", "6"], cells);

        var msft = console.Lines.Single(l => l.Contains("MSFT", StringComparison.Ordinal));
        Assert.Contains("waiting", msft, StringComparison.Ordinal);
        Assert.Contains("2 updates in 5s · q quits", console.Output, StringComparison.Ordinal);
        Assert.Equal(2, board.Updates);
    }

    [Fact]
    public void On_an_80_column_terminal_the_table_drops_borders_and_the_version_and_keeps_every_figure_on_one_line()
    {
        var board = new WatchBoard(["ORCL", "MSFT", "META"], Start);
        board.Apply(Update("ORCL", 5, 30.09, Band.Moderate, ChangeCause.Snapshot), Start);
        board.Apply(Update("ORCL", 6, 31.4, Band.Moderate, ChangeCause.Market), Start.AddSeconds(1));
        board.Apply(Update("MSFT", 9, 6.4, Band.Low, ChangeCause.Snapshot), Start);
        board.Apply(Update("META", 7, 10.4, Band.Low, ChangeCause.Snapshot), Start);

        var console = new TestConsole().Width(80);
        console.Write(board.Render(Start.AddSeconds(65), width: 80));
        Assert.All(console.Lines, l => Assert.True(l.TrimEnd().Length <= 80, l));
        Assert.DoesNotContain("│", console.Output, StringComparison.Ordinal);
        var orcl = console.Lines.Single(l => l.StartsWith("ORCL", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["ORCL", "31.4", "MODERATE", "+1.3", "60+", "mo", "3.11×", "0.020", "%", "7.7", "%", "market", "1m", "04s"], orcl);
        Assert.Equal(4, console.Lines.Count(l => l.StartsWith("company", StringComparison.Ordinal) || l.StartsWith("MSFT", StringComparison.Ordinal) || l.StartsWith("META", StringComparison.Ordinal) || l.StartsWith("ORCL", StringComparison.Ordinal)));
    }

    [Fact]
    public void Rows_keep_the_order_the_companies_were_given_in()
    {
        var board = new WatchBoard(["META", "AMZN"], Start);
        board.Apply(Update("AMZN", 1, 8, Band.Low, ChangeCause.Snapshot), Start);
        board.Apply(Update("META", 1, 10, Band.Low, ChangeCause.Snapshot), Start);
        var console = new TestConsole().Width(200);
        console.Write(board.Render(Start));
        Assert.True(console.Output.IndexOf("META", StringComparison.Ordinal) < console.Output.IndexOf("AMZN", StringComparison.Ordinal));
    }
}

public sealed class DemoFeedTests
{
    [Fact]
    public void The_walk_stays_positive_and_returns_towards_where_it_started()
    {
        var start = new MarketPoint(550_000, 0.45, 0.04);
        var walk = new MarketWalk(start, new Random(7));
        var caps = Enumerable.Range(0, 5000).Select(_ => walk.Next()).ToList();
        Assert.All(caps, p => Assert.True(p.MarketCap > 0 && p.EquityVolatility is >= 0.05 and <= 3 && p.RiskFreeRate is >= -0.05 and <= 0.5));

        // Mean reversion: the long-run average of the log market cap sits near the start.
        var meanLog = caps.Skip(500).Average(p => Math.Log(p.MarketCap));
        Assert.InRange(meanLog, Math.Log(start.MarketCap) - 0.1, Math.Log(start.MarketCap) + 0.1);

        // It moves every tick.
        Assert.All(caps.Zip(caps.Skip(1)), pair => Assert.NotEqual(pair.First.MarketCap, pair.Second.MarketCap));
    }

    [Fact]
    public void The_same_seed_walks_the_same_way()
    {
        var a = new MarketWalk(new MarketPoint(1000, 0.3, 0.04), new Random(42));
        var b = new MarketWalk(new MarketPoint(1000, 0.3, 0.04), new Random(42));
        Assert.Equal(Enumerable.Range(0, 10).Select(_ => a.Next()), Enumerable.Range(0, 10).Select(_ => b.Next()));
    }

    [Fact]
    public void The_feed_starts_from_the_samples_market_state_and_values_other_companies_from_their_ebitda()
    {
        var file = Path.Combine(RepositoryRoot(), "data", "sample", "hyperscalers.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        var expected = json.RootElement.GetProperty("companies").EnumerateArray().ToDictionary(
            c => c.GetProperty("profile").GetProperty("id").GetString()!,
            c => c.GetProperty("market"));
        Assert.Equal(expected.Keys.Order(), SampleMarkets.All.Keys.Order());
        foreach (var (id, market) in expected)
        {
            Assert.Equal(
                new MarketPoint(market.GetProperty("marketCap").GetDouble(), market.GetProperty("equityVolatility").GetDouble(), market.GetProperty("riskFreeRate").GetDouble()),
                SampleMarkets.StartFor(id, ebitdaTtm: 1));
        }

        Assert.Equal(SampleMarkets.Fallback with { MarketCap = 1500 }, SampleMarkets.StartFor("ACME", ebitdaTtm: 100));
        Assert.Equal(SampleMarkets.Fallback, SampleMarkets.StartFor("ACME", ebitdaTtm: -5));
        Assert.Equal(SampleMarkets.Fallback, SampleMarkets.StartFor("ACME", ebitdaTtm: null));
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RiskGrains.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("RiskGrains.sln not found above the test's folder");
    }
}

public sealed class KeyTests
{
    [Fact]
    public void The_console_keys_are_read_without_waiting()
    {
        var console = new TestConsole();
        var keys = new ConsoleKeys(console);
        Assert.Null(keys.Poll());
        console.Input.PushKey(ConsoleKey.Q);
        Assert.Equal(ConsoleKey.Q, keys.Poll()?.Key);
        Assert.Null(keys.Poll());
    }
}

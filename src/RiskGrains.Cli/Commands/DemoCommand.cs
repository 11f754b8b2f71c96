using System.ComponentModel;
using Google.Protobuf.WellKnownTypes;
using RiskGrains.Cli.Demo;
using RiskGrains.Contract.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RiskGrains.Cli.Commands;

/// <summary>
/// <c>demo</c>: a clearly synthetic market feed. Every interval each company gets a tick (PublishMarketData) from a
/// random walk around its starting market state, so that <c>riskgrains watch</c> moves. Ctrl+C stops it.
/// </summary>
public sealed class DemoCommand(IAnsiConsole console, IKeySource keys, TimeProvider clock) : ServerCommand<DemoCommand.Settings>(console)
{
    public const string Banner = "SYNTHETIC market feed: a random walk around each company's market state. These are not market quotes.";

    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--interval <DURATION>")]
        [Description("Time between a company's ticks, such as 1s (default) or 250ms")]
        [DefaultValue("1s")]
        public string Interval { get; init; } = "1s";

        [CommandOption("--companies <IDS>")]
        [Description("Comma-separated company ids (default: every company on the server)")]
        public string? Companies { get; init; }

        [CommandOption("--ticks <N>")]
        [Description("Stop after N rounds of ticks (default: until Ctrl+C)")]
        public int? Ticks { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Seed of the random walk, to repeat a run")]
        public int? Seed { get; init; }

        public override ValidationResult Validate() =>
            Ticks is <= 0 ? ValidationResult.Error("--ticks must be 1 or more") : base.Validate();
    }

    protected override async Task<int> RunAsync(Connection connection, Settings settings, CancellationToken cancellationToken)
    {
        var interval = Durations.Parse(settings.Interval, "--interval");
        if (interval < TimeSpan.FromMilliseconds(10))
        {
            throw new UsageException("--interval must be 10ms or more");
        }

        var ids = settings.Companies is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList()
            : await AllCompanies(connection, cancellationToken);
        if (ids.Count == 0)
        {
            throw new UsageException("there are no companies to tick: the server holds none, or --companies is empty");
        }

        var random = settings.Seed is { } seed ? new Random(seed) : new Random();
        var walks = new List<(string Id, MarketWalk Walk)>();
        foreach (var id in ids)
        {
            // Also checks that each company exists before the feed starts (NOT_FOUND otherwise).
            var risk = await connection.Client.GetRiskAsync(id, cancellationToken: cancellationToken);
            walks.Add((id, new MarketWalk(SampleMarkets.StartFor(id, risk.HasEbitdaTtm ? risk.EbitdaTtm : null), random)));
        }

        var board = new DemoBoard(walks.Select(w => w.Id).ToList(), interval);
        if (settings.Json)
        {
            Console.Profile.Out.Writer.WriteLine($"# {Banner}");
        }
        else
        {
            Console.MarkupLineInterpolated($"[bold yellow]{Banner}[/]");
        }

        var rounds = 0;
        var next = clock.GetUtcNow();
        try
        {
            while (!cancellationToken.IsCancellationRequested && !(rounds >= settings.Ticks))
            {
                var asOf = clock.GetUtcNow();
                var published = await Task.WhenAll(walks.Select(async w =>
                {
                    var point = w.Walk.Next();
                    var tick = new MarketData
                    {
                        CompanyId = w.Id,
                        MarketCap = point.MarketCap,
                        EquityVolatility = point.EquityVolatility,
                        RiskFreeRate = point.RiskFreeRate,
                        AsOf = Timestamp.FromDateTimeOffset(asOf),
                    };
                    var response = await connection.Client.PublishMarketDataAsync(new PublishMarketDataRequest { MarketData = tick }, cancellationToken: cancellationToken);
                    return (w.Id, Tick: tick, Response: response);
                }));
                rounds++;
                foreach (var (id, tick, response) in published)
                {
                    board.Record(id, tick, response);
                    if (settings.Json)
                    {
                        WriteJson(tick);
                    }
                }

                if (!settings.Json)
                {
                    Console.Write(board.Line(rounds));
                    Console.WriteLine();
                }

                if (keys.Poll() is { Key: ConsoleKey.Q or ConsoleKey.Escape })
                {
                    break;
                }

                next += interval;
                var wait = next - clock.GetUtcNow();
                if (wait > TimeSpan.Zero && !(rounds >= settings.Ticks))
                {
                    await Task.Delay(wait, clock, cancellationToken);
                }
                else if (wait < -interval)
                {
                    // Behind by more than a tick (a slow server): start counting again from now rather than bursting.
                    next = clock.GetUtcNow();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the feed stops as asked.
        }

        if (!settings.Json)
        {
            Console.MarkupLineInterpolated($"[grey]{rounds} rounds of synthetic ticks, {board.Applied} applied[/]");
        }

        return ExitCodes.Ok;
    }

    private static async Task<List<string>> AllCompanies(Connection connection, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var company in connection.Client.ListAllCompaniesAsync(pageSize: 1000, cancellationToken: cancellationToken))
        {
            ids.Add(company.CompanyId);
        }

        return ids;
    }
}

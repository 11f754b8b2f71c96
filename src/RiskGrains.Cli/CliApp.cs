using Grpc.Core;
using RiskGrains.Cli.Commands;
using RiskGrains.Filings;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RiskGrains.Cli;

/// <summary>The command tree of <c>riskgrains</c>, and the one place where failures become a line and an exit code.</summary>
public static class CliApp
{
    /// <summary>Runs one command line against <paramref name="console"/>; the exit code is one of <see cref="ExitCodes"/>.</summary>
    /// <param name="errors">Where the one line of a failure goes; standard error when null.</param>
    /// <param name="keys">Where <c>watch</c> reads its <c>q</c>; the console's input when null.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken = default, TextWriter? errors = null, IKeySource? keys = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.Settings.Registrar.RegisterInstance<IAnsiConsole>(console);
            config.Settings.Registrar.RegisterInstance<IKeySource>(keys ?? new ConsoleKeys(console));
            config.Settings.Registrar.RegisterInstance(TimeProvider.System);
            Configure(config, console);
        });
        try
        {
            // Commands end with an exception when they fail; a code other than 0 without one is the parser's own
            // (help shown for a branch named without its command): a usage error.
            var code = await app.RunAsync(GlobalArguments.Reorder(args), cancellationToken);
            return code == ExitCodes.Ok ? code : ExitCodes.Usage;
        }
        catch (Exception e)
        {
            var (code, line) = Describe(e, cancellationToken);
            if (line is not null)
            {
                // One line, never wrapped: a person reads it, and a script can grep it.
                (errors ?? System.Console.Error).WriteLine($"riskgrains: error: {line}");
            }

            return code;
        }
    }

    /// <summary>The exit code and the one line of an exception that ended a command (no line for Ctrl+C).</summary>
    public static (int Code, string? Line) Describe(Exception e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e switch
        {
            OperationCanceledException when cancellationToken.IsCancellationRequested => (ExitCodes.Ok, null),
            RpcException rpc => (ExitCodes.ServerError, ServerErrors.Line(rpc)),
            UsageException usage => (ExitCodes.Usage, usage.Message),
            CommandAppException app => (ExitCodes.Usage, OneLine(app.Message)),
            ImportRefusedException refused => (ExitCodes.BadFile, OneLine(refused.Message)),
            FileNotFoundException missing => (ExitCodes.BadFile, $"no such file: {missing.FileName ?? missing.Message}"),
            IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException => (ExitCodes.BadFile, OneLine(e.Message)),
            _ => (ExitCodes.ServerError, OneLine(e.Message)),
        };
    }

    public static string OneLine(string text) =>
        string.Join(' ', (text ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()));

    private static void Configure(IConfigurator config, IAnsiConsole console)
    {
        config.SetApplicationName("riskgrains");
        config.SetApplicationVersion(typeof(CliApp).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");
        config.ConfigureConsole(console);
        config.PropagateExceptions();
        config.CaseSensitivity(CaseSensitivity.None);
        config.AddCommand<GetCommand>("get")
            .WithDescription("The current risk of companies: score, band, debt, liquidity, runway, default probabilities")
            .WithExample("get", "MSFT", "META")
            .WithExample("--server", "https://risk.example.com:8443", "--output", "json", "get", "MSFT");
        config.AddCommand<ListCommand>("list")
            .WithDescription("Every company with its band and score, optionally of one band")
            .WithExample("list", "--band", "moderate");
        config.AddCommand<WatchCommand>("watch")
            .WithDescription("A live table of companies (or of a portfolio's members) that changes as they do; q quits")
            .WithExample("watch", "MSFT", "META", "ORCL")
            .WithExample("watch", "--portfolio", "hyperscalers");
        config.AddCommand<ScenarioCommand>("scenario")
            .WithDescription("Companies' risk under a preset scenario (credit-freeze, ai-revenue-delay, rate-shock); nothing changes")
            .WithExample("scenario", "credit-freeze", "MSFT", "ORCL");
        config.AddCommand<HistoryCommand>("history")
            .WithDescription("A company's recorded scores as a chart, with its latest points")
            .WithExample("history", "ORCL");
        // Every branch (a two-word command) is also named in GlobalArguments.Branches.
        config.AddBranch("portfolio", portfolio =>
        {
            portfolio.SetDescription("A portfolio's expected, stressed and unexpected loss and its positions");
            portfolio.AddCommand<PortfolioShowCommand>("show")
                .WithDescription("The portfolio's current figures and positions")
                .WithExample("portfolio", "show", "hyperscalers");
            portfolio.AddCommand<PortfolioWatchCommand>("watch")
                .WithDescription("The portfolio's figures, live; q quits")
                .WithExample("portfolio", "watch", "hyperscalers");
        });
        config.AddBranch("import", import =>
        {
            import.SetDescription("Writes companies read from a file to the service");
            import.AddCommand<ImportSecCommand>("sec")
                .WithDescription("An SEC EDGAR companyfacts JSON file: profile, fiscal quarters, purchase obligations")
                .WithExample("import", "sec", "CIK0001640147.json", "--id", "SNOW");
            import.AddCommand<ImportCsvCommand>("csv")
                .WithDescription("A long-format CSV file (company,ticker,period_end,metric,value_usd_millions,source)")
                .WithExample("import", "csv", "hyperscalers.csv");
        });
        config.AddCommand<DemoCommand>("demo")
            .WithDescription("A synthetic market feed: a random walk around each company's market state, one tick per company per second")
            .WithExample("demo")
            .WithExample("demo", "--companies", "MSFT,META", "--interval", "500ms");
        config.AddBranch("alerts", alerts =>
        {
            alerts.SetDescription("Alerts fired by the service's alert rules");
            alerts.AddCommand<AlertsWatchCommand>("watch")
                .WithDescription("Stored alerts after a sequence, then each new one as it fires; Ctrl+C stops")
                .WithExample("alerts", "watch")
                .WithExample("alerts", "watch", "--after", "41", "--rule", "orcl-pd");
        });
    }
}

using System.Globalization;
using Google.Protobuf;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Tests;
using Xunit.Abstractions;

namespace RiskGrains.Cli.Tests;

/// <summary>The tool as a process against the server as a process: every command, its exit code and what it prints.</summary>
[Trait("Category", "Process")]
public sealed class ProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    private ServerProcess _server = null!;

    private string Address => _server.Address.ToString().TrimEnd('/');

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(ServiceHost.TempDirectory());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<CliRun> Tool(params string[] args)
    {
        var run = await ToolProcess.RunAsync(Timeout, [.. args, "--server", Address]);
        output.WriteLine($"$ riskgrains {string.Join(' ', args)}  → exit {run.ExitCode}\n{run.Output}{run.Error}");
        return run;
    }

    [Fact]
    public async Task Every_command_returns_its_exit_code_and_prints_for_people_or_programs()
    {
        var get = await Tool("get", "MSFT", "ORCL");
        Assert.Equal(ExitCodes.Ok, get.ExitCode);
        Assert.Equal("", get.Error);
        Assert.Contains("│ band", get.Output, StringComparison.Ordinal);
        Assert.Contains("MODERATE", get.Output, StringComparison.Ordinal);

        var json = await ToolProcess.RunAsync(Timeout, "--server", Address, "--output", "json", "get", "MSFT");
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        var msft = Parser.Parse<CompanyRisk>(json.Output.Trim());
        Assert.Equal(msft.Version, (await _server.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "MSFT" })).Risk.Version);
        Assert.True(msft.Inputs.HasMarketData, "the sample's market state is loaded at first start");

        Assert.Equal(ExitCodes.Ok, (await Tool("list", "--band", "low")).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await Tool("scenario", "rate-shock", "MSFT", "META")).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await Tool("history", "ORCL")).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await Tool("portfolio", "show", "hyperscalers")).ExitCode);
        var portfolioWatch = await Tool("portfolio", "watch", "hyperscalers", "--count", "1", "-o", "json");
        Assert.Equal(ExitCodes.Ok, portfolioWatch.ExitCode);
        Assert.Equal("hyperscalers", Parser.Parse<PortfolioRisk>(portfolioWatch.Output.Trim()).PortfolioId);

        // An alert fired by a rule on ORCL, printed by alerts watch.
        await new AlertService.AlertServiceClient(_server.Channel).UpsertAlertRuleAsync(new UpsertAlertRuleRequest
        {
            Rule = new AlertRule { RuleId = "orcl-pd", CompanyIds = { "ORCL" }, Field = "commitment_adjusted_default_probability", Comparison = Comparison.Above, Threshold = 0.01 },
        });
        var fired = await _server.Client.PublishMarketDataAsync(Requests.Tick("ORCL", DateTimeOffset.UtcNow, marketCap: 5_000));
        var alerts = await Tool("alerts", "watch", "--count", "1");
        Assert.Equal(ExitCodes.Ok, alerts.ExitCode);
        Assert.Contains($"ORCL  orcl-pd: commitment_adjusted_default_probability ", alerts.Output, StringComparison.Ordinal);
        Assert.Contains($"  v{fired.Version}", alerts.Output, StringComparison.Ordinal);

        // Bad input: the server's field-level message, one line, on standard error.
        var bad = await Tool("get", "MSFT", "no such id");
        Assert.Equal(ExitCodes.ServerError, bad.ExitCode);
        Assert.Equal("riskgrains: error: INVALID_ARGUMENT: invalid input: company_id must be 1 to 64 characters of A-Z a-z 0-9 . _ -", bad.Error.TrimEnd());

        var band = await Tool("list", "--band", "purple");
        Assert.Equal(ExitCodes.Usage, band.ExitCode);
        Assert.Equal("riskgrains: error: --band must be one of low, moderate, elevated, high, severe, not 'purple'", band.Error.TrimEnd());

        var unreachable = await ToolProcess.RunAsync(Timeout, "get", "MSFT", "--server", "http://127.0.0.1:1");
        Assert.Equal(ExitCodes.ServerError, unreachable.ExitCode);
        Assert.StartsWith("riskgrains: error: the server cannot be reached", unreachable.Error, StringComparison.Ordinal);
        var unreachableWatch = await ToolProcess.RunAsync(Timeout, "watch", "MSFT", "--server", "http://127.0.0.1:1");
        Assert.Equal(ExitCodes.ServerError, unreachableWatch.ExitCode);
        Assert.StartsWith("riskgrains: error: the server cannot be reached", unreachableWatch.Error, StringComparison.Ordinal);

        var fromEnvironment = await ToolProcess.RunFileAsync(
            "dotnet", [ToolProcess.ToolDll, "get", "GOOGL", "-o", "json"], Timeout,
            new Dictionary<string, string> { ["RISKGRAINS_SERVER"] = Address });
        Assert.Equal(ExitCodes.Ok, fromEnvironment.ExitCode);
        Assert.Equal("GOOGL", Parser.Parse<CompanyRisk>(fromEnvironment.Output.Trim()).CompanyId);
    }

    [Fact]
    public async Task The_demo_feed_moves_what_a_watch_shows_every_tick()
    {
        var before = (await _server.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "ORCL" })).Risk.Version;
        var watch = Tool("watch", "ORCL", "META", "--count", "6", "-o", "json");
        var demo = await Tool("demo", "--companies", "ORCL,META", "--ticks", "4", "--interval", "250ms");
        Assert.Equal(ExitCodes.Ok, demo.ExitCode);
        Assert.StartsWith("SYNTHETIC market feed", demo.Output, StringComparison.Ordinal);
        Assert.Contains("4 rounds of synthetic ticks, 8 applied", demo.Output, StringComparison.Ordinal);

        var watched = await watch;
        Assert.Equal(ExitCodes.Ok, watched.ExitCode);
        var updates = watched.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parser.Parse<RiskUpdate>).ToList();
        Assert.Equal(6, updates.Count);
        Assert.Contains(updates, u => u.Cause == ChangeCause.Market && u.Risk.CompanyId == "ORCL" && u.Risk.Version > before);
        Assert.Equal(before + 4, (await _server.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "ORCL" })).Risk.Version);
    }

    [Fact]
    public async Task Import_sec_of_Snowflakes_file_gives_its_quarters_and_an_IFRS_file_is_refused()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "data", "snowflake-companyfacts.json");
        var run = await Tool("import", "sec", file, "--id", "SNOW");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var q4 = run.Output.Split('\n').Single(l => l.StartsWith("│ 2025-01-31", StringComparison.Ordinal))
            .Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("986.77", q4[2]);
        Assert.Equal("432.725", q4[4]);
        Assert.Equal("17.282", q4[5]);
        var snow = (await _server.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "SNOW" })).Risk;
        Assert.Contains($"SNOW (SNOWFLAKE INC.): 23 periods and 1 commitment written, now at version {snow.Version.ToString(CultureInfo.InvariantCulture)}", run.Output, StringComparison.Ordinal);

        var ifrs = Path.Combine(ServiceHost.TempDirectory(), "ifrs.json");
        await File.WriteAllTextAsync(ifrs, ArgumentHandlingTests.IfrsFile);
        var refused = await Tool("import", "sec", ifrs, "--id", "EUCO");
        Assert.Equal(ExitCodes.BadFile, refused.ExitCode);
        Assert.Contains("ifrs-full", refused.Error, StringComparison.Ordinal);
        Assert.Equal(Grpc.Core.StatusCode.NotFound, StatusOf(() => _server.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "EUCO" }).ResponseAsync));
    }

    private static Grpc.Core.StatusCode StatusOf(Func<Task> call)
    {
        try
        {
            call().GetAwaiter().GetResult();
            return Grpc.Core.StatusCode.OK;
        }
        catch (Grpc.Core.RpcException e)
        {
            return e.StatusCode;
        }
    }
}

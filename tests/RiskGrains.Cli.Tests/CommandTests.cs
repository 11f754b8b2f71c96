using Google.Protobuf;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Tests;

namespace RiskGrains.Cli.Tests;

/// <summary>Every command against a real service (in process, real gRPC over HTTP/2), its output read back and compared with what the server holds.</summary>
[Collection(CliService.Name)]
public sealed class CommandTests(CliService service)
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync([.. args, "--server", service.Address]);

    private static string[] Cells(string line) => line.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static List<T> JsonLines<T>(CliRun run)
        where T : IMessage<T>, new() =>
        run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parser.Parse<T>).ToList();

    [Fact]
    public async Task Get_prints_each_companys_risk_as_the_server_holds_it()
    {
        var run = await Run("get", "ORCL", "MSFT", "--output", "json");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var printed = JsonLines<CompanyRisk>(run);
        Assert.Equal(["ORCL", "MSFT"], printed.Select(r => r.CompanyId));
        foreach (var risk in printed)
        {
            var held = (await service.Host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = risk.CompanyId })).Risk;
            Assert.Equal(held.Version, risk.Version);
            Assert.Equal(held.Score, risk.Score);
        }

        var table = await Run("get", "ORCL");
        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        var orcl = printed[0];
        Assert.Contains(table.Lines, l => l.StartsWith("│ score", StringComparison.Ordinal) && l.EndsWith($"{Formats.Score(orcl.Score)} │", StringComparison.Ordinal));
        Assert.Contains(table.Lines, l => l.StartsWith("│ liquidity ", StringComparison.Ordinal) && l.EndsWith($"{Formats.Money(orcl.Liquidity)} │", StringComparison.Ordinal));
        Assert.Contains(table.Lines, l => l.StartsWith("│ PD 5 years", StringComparison.Ordinal) && l.EndsWith($"{Formats.Probability(Formats.PdAt(orcl, 5))} │", StringComparison.Ordinal));
        Assert.Contains(table.Lines, l => l.StartsWith("│ defensive runway", StringComparison.Ordinal) && l.EndsWith("60+ mo │", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Global_options_work_before_and_after_the_command_with_the_same_result()
    {
        var before = await CliRun.RunAsync("--output", "json", "--server", service.Address, "get", "AMZN");
        var after = await CliRun.RunAsync("get", "AMZN", "--server", service.Address, "--output", "json");
        var between = await CliRun.RunAsync("get", "--server", service.Address, "AMZN", "-o", "json");
        Assert.Equal(ExitCodes.Ok, before.ExitCode);
        Assert.Equal("AMZN", JsonLines<CompanyRisk>(before).Single().CompanyId);
        Assert.Equal(before.Output, after.Output);
        Assert.Equal(before.Output, between.Output);
    }

    [Fact]
    public async Task A_bad_company_id_prints_the_servers_field_level_message_on_one_line_with_exit_code_1()
    {
        foreach (var (args, field) in new[] { (new[] { "get", "bad id!" }, "company_id"), (["history", "bad id!"], "company_id"), (["scenario", "credit-freeze", "MSFT", "bad id!"], "company_ids[1]"), (["watch", "bad id!"], "company_ids[0]") })
        {
            var run = await Run(args);
            Assert.Equal(ExitCodes.ServerError, run.ExitCode);
            Assert.Equal($"riskgrains: error: INVALID_ARGUMENT: invalid input: {field} must be 1 to 64 characters of A-Z a-z 0-9 . _ -", run.Error.TrimEnd());
        }

        var unknown = await Run("get", "NOSUCHCO");
        Assert.Equal(ExitCodes.ServerError, unknown.ExitCode);
        Assert.StartsWith("riskgrains: error: NOT_FOUND: ", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("NOSUCHCO", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_shows_every_company_and_filters_by_band()
    {
        var all = JsonLines<CompanySummary>(await Run("list", "--output", "json"));
        Assert.Superset(new HashSet<string> { "AMZN", "GOOGL", "META", "MSFT", "ORCL" }, all.Select(c => c.CompanyId).ToHashSet());

        var moderate = await Run("list", "--band", "moderate", "-o", "json");
        Assert.Equal(ExitCodes.Ok, moderate.ExitCode);
        var expected = (await service.Host.Client.ListCompaniesAsync(new ListCompaniesRequest { Band = Band.Moderate, PageSize = 1000 })).Companies.Select(c => c.CompanyId);
        Assert.Equal(expected, JsonLines<CompanySummary>(moderate).Select(c => c.CompanyId));
        Assert.All(JsonLines<CompanySummary>(moderate), c => Assert.Equal(Band.Moderate, c.Band));

        var table = await Run("list");
        Assert.Contains(table.Lines, l => l.Contains("│ ORCL", StringComparison.Ordinal) && l.Contains("Oracle Corporation", StringComparison.Ordinal));
        Assert.Contains($"{all.Count} companies", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario_prints_the_base_and_stressed_scores_and_changes_nothing()
    {
        var versionBefore = (await service.Host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "ORCL" })).Risk.Version;
        var run = await Run("scenario", "credit-freeze", "ORCL", "-o", "json");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var response = JsonLines<RunScenarioResponse>(run).Single();
        var result = Assert.Single(response.Results);
        Assert.True(result.Stressed.Score > result.Base.Score, "a credit freeze raises ORCL's score");

        var table = await Run("scenario", "credit-freeze", "ORCL");
        var row = Cells(table.Lines.Single(l => l.StartsWith("│ ORCL", StringComparison.Ordinal)));
        Assert.Equal(Formats.Score(result.Base.Score), row[1]);
        Assert.Equal(Formats.Score(result.Stressed.Score), row[2]);
        Assert.Equal(Formats.Delta(result.ScoreDelta), row[3]);
        Assert.Contains("credit window closed", table.Output, StringComparison.Ordinal);
        Assert.Equal(versionBefore, (await service.Host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "ORCL" })).Risk.Version);

        var bad = await Run("scenario", "nope", "ORCL");
        Assert.Equal(ExitCodes.ServerError, bad.ExitCode);
        Assert.Equal("riskgrains: error: INVALID_ARGUMENT: invalid input: preset must be one of credit-freeze, ai-revenue-delay, rate-shock", bad.Error.TrimEnd());
    }

    [Fact]
    public async Task History_draws_the_recorded_scores_and_lists_the_latest_points()
    {
        var held = (await service.Host.Client.GetHistoryAsync(new GetHistoryRequest { CompanyId = "META", MaxPoints = 60 })).Points;
        var json = await Run("history", "META", "-o", "json");
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        Assert.Equal(held.Select(p => p.Version), JsonLines<HistoryPoint>(json).Select(p => p.Version));

        var table = await Run("history", "META");
        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        Assert.Contains($"META score, {held.Count} points, oldest left", table.Output, StringComparison.Ordinal);
        Assert.Contains("┤", table.Output, StringComparison.Ordinal);
        Assert.Contains(table.Lines, l => l.StartsWith("│ ", StringComparison.Ordinal) && Cells(l).Length > 1 && Cells(l)[1] == held[^1].Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Portfolio_show_prints_the_figures_of_each_position()
    {
        var held = (await service.Host.Channel.CreateCallInvoker().AsPortfolios().GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = "hyperscalers" })).Risk;
        var json = await Run("portfolio", "show", "hyperscalers", "-o", "json");
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        var printed = JsonLines<PortfolioRisk>(json).Single();
        Assert.Equal(held.TotalExposure, printed.TotalExposure);
        Assert.Equal(held.Positions.Select(p => p.CompanyId), printed.Positions.Select(p => p.CompanyId));

        var table = await Run("--server", service.Address, "portfolio", "show", "hyperscalers");
        Assert.Contains("(hyperscalers)", table.Output, StringComparison.Ordinal);
        Assert.Contains($"exposure (m USD)  {Formats.Money(held.TotalExposure)}", System.Text.RegularExpressions.Regex.Replace(table.Output, " {2,}", "  "), StringComparison.Ordinal);
        foreach (var position in held.Positions)
        {
            Assert.Contains(table.Lines, l => l.StartsWith($"│ {position.CompanyId} ", StringComparison.Ordinal) && Cells(l)[1] == Formats.Money(position.Exposure));
        }

        var unknown = await Run("portfolio", "show", "nosuch");
        Assert.Equal(ExitCodes.ServerError, unknown.ExitCode);
        Assert.StartsWith("riskgrains: error: NOT_FOUND: ", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Portfolio_watch_prints_the_current_figures_and_stops_after_count()
    {
        var json = await Run("portfolio", "watch", "hyperscalers", "--count", "1", "-o", "json");
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        Assert.Equal("hyperscalers", JsonLines<PortfolioRisk>(json).Single().PortfolioId);

        var live = await Run("portfolio", "watch", "hyperscalers", "--count", "1");
        Assert.Equal(ExitCodes.Ok, live.ExitCode);
        Assert.Contains("stressed loss (99.9 %)", live.Output, StringComparison.Ordinal);
        Assert.Contains("1 updates in", live.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_watch_prints_each_alert_after_the_sequence_given_and_stops_after_count()
    {
        var company = Requests.NewCompanyId("ALW");
        await Requests.CreateAsync(service.Host.Client, company);
        var rule = new AlertRule { RuleId = Requests.NewCompanyId("R"), CompanyIds = { company }, Field = "score", Comparison = Comparison.Above, Threshold = 1 };
        await new AlertService.AlertServiceClient(service.Host.Channel).UpsertAlertRuleAsync(new UpsertAlertRuleRequest { Rule = rule });
        await service.Host.Client.PublishMarketDataAsync(Requests.Tick(company, DateTimeOffset.UtcNow.AddSeconds(-1), marketCap: 0.001));
        var version = (await service.Host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = company })).Risk.Version;

        var json = await Run("alerts", "watch", "--rule", rule.RuleId, "--count", "1", "-o", "json");
        var alert = JsonLines<AlertEvent>(json).Single();
        var line = await Run("alerts", "watch", "--rule", rule.RuleId, "--count", "1");
        var none = await Run("alerts", "watch", "--rule", rule.RuleId, "--after", "x");

        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        Assert.Equal((rule.RuleId, company, "score", version), (alert.RuleId, alert.CompanyId, alert.Field, alert.Version));
        Assert.Equal(ExitCodes.Ok, line.ExitCode);
        Assert.Contains($"#{alert.Sequence} ", line.Output, StringComparison.Ordinal);
        Assert.Contains($"{company}  {rule.RuleId}: score ", line.Output, StringComparison.Ordinal);
        Assert.Contains($"(threshold 1)  v{version}", line.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, none.ExitCode);
    }

    [Fact]
    public async Task The_live_watch_table_shows_every_company_and_a_market_tick_as_it_arrives_until_q()
    {
        var before = (await service.Host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "GOOGL" })).Risk.Version;
        var keys = new ScriptedKeys(async () =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(800));
            await service.Host.Client.PublishMarketDataAsync(new PublishMarketDataRequest
            {
                MarketData = new MarketData
                {
                    CompanyId = "GOOGL",
                    MarketCap = 2_100_000,
                    EquityVolatility = 0.31,
                    RiskFreeRate = 0.04,
                    AsOf = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                },
            });
            await Task.Delay(TimeSpan.FromMilliseconds(1200));
        });

        var run = await CliRun.RunAsync(["watch", "MSFT", "GOOGL", "ORCL", "--server", service.Address], keys);
        await keys.Completion;
        Assert.Equal(ExitCodes.Ok, run.ExitCode);

        // The last frame drawn: a row per company, GOOGL at the tick's version with cause market.
        var frame = run.Lines.Skip(run.Lines.ToList().FindLastIndex(l => l.Contains("company", StringComparison.Ordinal) && l.Contains("PD 5y", StringComparison.Ordinal))).ToList();
        var googl = frame.Single(l => l.StartsWith("│ GOOGL", StringComparison.Ordinal)).Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("market", googl[8]);
        Assert.Equal((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), googl[10]);
        Assert.Contains(frame, l => l.StartsWith("│ MSFT", StringComparison.Ordinal) && l.Contains("snapshot", StringComparison.Ordinal));
        Assert.Contains(frame, l => l.StartsWith("│ ORCL", StringComparison.Ordinal) && l.Contains("MODERATE", StringComparison.Ordinal));
        Assert.Contains(frame, l => l.Contains("4 updates in", StringComparison.Ordinal) && l.Contains("q quits", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_by_portfolio_follows_its_members_and_json_prints_one_update_per_line()
    {
        var run = await Run("watch", "--portfolio", "hyperscalers", "--count", "5", "-o", "json");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var updates = JsonLines<RiskUpdate>(run);
        Assert.Equal(["AMZN", "GOOGL", "META", "MSFT", "ORCL"], updates.Select(u => u.Risk.CompanyId).Order());
        Assert.All(updates, u => Assert.Equal(ChangeCause.Snapshot, u.Cause));
    }

    [Fact]
    public async Task Demo_publishes_synthetic_ticks_that_the_server_applies()
    {
        var before = (await service.Host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "META" })).Risk.Version;
        var run = await Run("demo", "--companies", "META", "--ticks", "3", "--interval", "50ms", "--seed", "1");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("SYNTHETIC market feed", run.Output, StringComparison.Ordinal);
        Assert.Contains("3 rounds of synthetic ticks, 3 applied", run.Output, StringComparison.Ordinal);
        var after = (await service.Host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "META" })).Risk;
        Assert.Equal(before + 3, after.Version);
        Assert.True(after.Inputs.HasMarketData);

        var json = await Run("demo", "--companies", "META", "--ticks", "2", "--interval", "50ms", "-o", "json");
        var lines = json.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# SYNTHETIC", lines[0], StringComparison.Ordinal);
        var ticks = lines.Skip(1).Select(Parser.Parse<MarketData>).ToList();
        Assert.Equal(2, ticks.Count);
        Assert.All(ticks, t => Assert.Equal("META", t.CompanyId));

        var unknown = await Run("demo", "--companies", "NOSUCHCO", "--ticks", "1");
        Assert.Equal(ExitCodes.ServerError, unknown.ExitCode);
        Assert.StartsWith("riskgrains: error: NOT_FOUND", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_ticks_older_than_the_held_market_state_are_ignored_and_counted_so()
    {
        var id = Requests.NewCompanyId("DEMO");
        await service.Host.Client.UpsertCompanyAsync(Requests.Company(id));
        await service.Host.Client.ReportFinancialsAsync(Requests.Financials(id));
        var held = await service.Host.Client.PublishMarketDataAsync(new PublishMarketDataRequest
        {
            MarketData = new MarketData
            {
                CompanyId = id,
                MarketCap = 5_000,
                EquityVolatility = 0.3,
                RiskFreeRate = 0.04,
                AsOf = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(2)),
            },
        });

        var run = await Run("demo", "--companies", id, "--ticks", "2", "--interval", "50ms");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("2 rounds of synthetic ticks, 0 applied", run.Output, StringComparison.Ordinal);
        Assert.Equal(held.Version, (await service.Host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk.Version);
    }

    [Fact]
    public async Task Import_sec_writes_Snowflakes_quarters_and_a_second_import_changes_nothing()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "data", "snowflake-companyfacts.json");
        var run = await Run("import", "sec", file, "--id", "SNOWIN");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);

        // FY2025 Q4 (to 2025-01-31) as the 10-K reports it, USD millions.
        var q4 = run.Lines.Single(l => l.StartsWith("│ 2025-01-31", StringComparison.Ordinal)).Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["2025-01-31", "3", "986.77", "-336.548", "432.725", "17.282"], q4.Take(6));
        Assert.Contains("SNOWIN (SNOWFLAKE INC.): 23 periods and 1 commitment written", run.Output, StringComparison.Ordinal);

        var risk = (await service.Host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "SNOWIN" })).Risk;
        Assert.Equal("SNOWFLAKE INC.", risk.Profile.Name);
        Assert.Equal(8, risk.Inputs.Periods);
        Assert.Equal(1, risk.Inputs.Commitments);
        Assert.Contains($"now at version {risk.Version}", run.Output, StringComparison.Ordinal);

        // The same file again: every write is identical to what is held, so the version stays.
        var again = await Run("import", "sec", file, "--id", "SNOWIN", "-o", "json");
        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        using var summary = System.Text.Json.JsonDocument.Parse(again.Output);
        Assert.Equal(risk.Version, summary.RootElement.GetProperty("version").GetUInt64());
        Assert.Equal(23, summary.RootElement.GetProperty("periods").GetInt32());
        Assert.Equal(1, summary.RootElement.GetProperty("commitments").GetInt32());
        Assert.True(summary.RootElement.GetProperty("warnings").GetArrayLength() > 0);
        Assert.Equal(risk.Version, (await service.Host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "SNOWIN" })).Risk.Version);
    }

    [Fact]
    public async Task Import_csv_writes_a_company_per_ticker()
    {
        // The sample's CSV under other tickers, so the sample companies stay as loaded.
        var source = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "data", "hyperscalers.csv"));
        var renamed = source.Take(1).Concat(source.Skip(1).Select(l =>
        {
            var fields = l.Split(',', 3);
            return fields.Length < 3 ? l : $"{fields[0]},CSV{fields[1]},{fields[2]}";
        }));
        var file = Path.Combine(ServiceHost.TempDirectory(), "hyperscalers.csv");
        await File.WriteAllLinesAsync(file, renamed);

        var run = await Run("import", "csv", file, "--warnings");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("5 companies imported from hyperscalers.csv", run.Output, StringComparison.Ordinal);
        Assert.Contains("warning: format: the CSV format has no undrawn credit facilities", run.Output, StringComparison.Ordinal);
        foreach (var ticker in new[] { "CSVMSFT", "CSVMETA", "CSVAMZN", "CSVORCL", "CSVGOOGL" })
        {
            var risk = (await service.Host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = ticker })).Risk;
            Assert.True(risk.Inputs.Periods > 0, ticker);
            Assert.Contains($"{ticker} (", run.Output, StringComparison.Ordinal);
        }

        var garbled = Path.Combine(ServiceHost.TempDirectory(), "garbled.csv");
        await File.WriteAllLinesAsync(garbled, [source[0], "Acme,ACME,2025-12-31,no_such_metric,1,somewhere"]);
        var refused = await Run("import", "csv", garbled);
        Assert.Equal(ExitCodes.BadFile, refused.ExitCode);
        Assert.Contains("line 2", refused.Error, StringComparison.Ordinal);
        Assert.Contains("no_such_metric", refused.Error, StringComparison.Ordinal);
    }
}

internal static class PortfolioClients
{
    public static PortfolioService.PortfolioServiceClient AsPortfolios(this Grpc.Core.CallInvoker invoker) => new(invoker);
}

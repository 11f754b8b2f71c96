using RiskGrains.Server.Tests;

namespace RiskGrains.Cli.Tests;

/// <summary>The command line read and refused without a server: usage errors (2), an unreachable server (1), a refused file (3).</summary>
public sealed class ArgumentHandlingTests
{
    // Nothing listens on port 1 of the loopback address: a connection is refused at once.
    private const string Nowhere = "http://127.0.0.1:1";

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("get")]
    [InlineData("get MSFT --output xml")]
    [InlineData("--output xml get MSFT")]
    [InlineData("list --band nope")]
    [InlineData("watch")]
    [InlineData("watch MSFT --portfolio hyperscalers")]
    [InlineData("watch MSFT --count 0")]
    [InlineData("history ORCL --since yesterday")]
    [InlineData("demo --interval fast")]
    [InlineData("demo --ticks 0")]
    [InlineData("import sec file.json")]
    [InlineData("get MSFT --server ftp://example.com")]
    [InlineData("--server not-a-url get MSFT")]
    [InlineData("portfolio")]
    public async Task A_wrong_command_line_is_one_error_line_and_exit_code_2(string line)
    {
        var args = line.Split(' ');
        var run = await CliRun.RunAsync(args.Contains("--server") ? args : [.. args, "--server", Nowhere]);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        if (line != "portfolio")
        {
            Assert.StartsWith("riskgrains: error: ", run.Error, StringComparison.Ordinal);
            Assert.Single(run.Error.TrimEnd().Split('\n'));
        }
    }

    [Fact]
    public async Task A_bad_band_names_the_bands_there_are()
    {
        var run = await CliRun.RunAsync("list", "--band", "nope", "--server", Nowhere);
        Assert.Equal("riskgrains: error: --band must be one of low, moderate, elevated, high, severe, not 'nope'", run.Error.TrimEnd());
    }

    [Theory]
    [InlineData("--server", Nowhere, "get", "MSFT")]
    [InlineData("get", "MSFT", "--server", Nowhere)]
    [InlineData("--output", "json", "--server", Nowhere, "list")]
    [InlineData("list", "--server", Nowhere, "--output", "json")]
    public async Task An_unreachable_server_is_exit_code_1_with_either_placement_of_the_global_options(params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        Assert.Equal(ExitCodes.ServerError, run.ExitCode);
        Assert.StartsWith("riskgrains: error: the server cannot be reached (UNAVAILABLE", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task The_server_comes_from_RISKGRAINS_SERVER_when_no_option_names_one()
    {
        Environment.SetEnvironmentVariable(GlobalSettings.ServerVariable, "ftp://from-the-environment");
        try
        {
            var run = await CliRun.RunAsync("get", "MSFT");
            Assert.Equal(ExitCodes.Usage, run.ExitCode);
            Assert.Contains("ftp://from-the-environment", run.Error, StringComparison.Ordinal);

            // The option wins over the environment.
            run = await CliRun.RunAsync("get", "MSFT", "--server", Nowhere);
            Assert.Equal(ExitCodes.ServerError, run.ExitCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable(GlobalSettings.ServerVariable, null);
        }
    }

    [Fact]
    public void Settings_fall_back_to_the_default_address_and_take_the_key_from_the_environment()
    {
        Environment.SetEnvironmentVariable(GlobalSettings.ApiKeyVariable, "key-from-env");
        try
        {
            var settings = new GlobalSettings();
            Assert.Equal("http://localhost:5000", settings.ServerAddress);
            Assert.Equal("key-from-env", settings.ApiKeyInForce);
            Assert.Equal("given", new GlobalSettings { ApiKey = "given" }.ApiKeyInForce);
        }
        finally
        {
            Environment.SetEnvironmentVariable(GlobalSettings.ApiKeyVariable, null);
        }
    }

    [Fact]
    public async Task Help_lists_every_command_and_exits_0()
    {
        var run = await CliRun.RunAsync("--help");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        foreach (var command in new[] { "get", "list", "watch", "scenario", "history", "portfolio", "import", "demo" })
        {
            Assert.Contains(command, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_missing_file_is_exit_code_3_naming_it()
    {
        var run = await CliRun.RunAsync("import", "sec", "/nonexistent/companyfacts.json", "--id", "X", "--server", Nowhere);
        Assert.Equal(ExitCodes.BadFile, run.ExitCode);
        Assert.Contains("/nonexistent/companyfacts.json", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_IFRS_file_is_refused_naming_the_taxonomy_and_nothing_is_sent()
    {
        var file = Path.Combine(ServiceHost.TempDirectory(), "ifrs-companyfacts.json");
        await File.WriteAllTextAsync(file, IfrsFile);

        // The server address leads nowhere: a refusal that reached for the server would be exit code 1, not 3.
        var run = await CliRun.RunAsync("import", "sec", file, "--id", "EUCO", "--server", Nowhere);
        Assert.Equal(ExitCodes.BadFile, run.ExitCode);
        Assert.Contains("ifrs-full", run.Error, StringComparison.Ordinal);
        Assert.Contains("IFRS", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task A_file_with_no_company_is_refused_before_anything_is_sent()
    {
        var file = Path.Combine(ServiceHost.TempDirectory(), "empty.csv");
        await File.WriteAllTextAsync(file, "company,ticker,period_end,metric,value_usd_millions,source\n");
        var run = await CliRun.RunAsync("import", "csv", file, "--server", Nowhere);
        Assert.Equal(ExitCodes.BadFile, run.ExitCode);
        Assert.Equal("riskgrains: error: the file was refused: file: holds no company to import", run.Error.TrimEnd());
    }

    [Fact]
    public async Task A_company_id_the_importer_cannot_use_is_a_usage_error()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "data", "snowflake-companyfacts.json");
        var run = await CliRun.RunAsync("import", "sec", file, "--id", "not valid!", "--server", Nowhere);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--id", run.Error, StringComparison.Ordinal);
    }

    /// <summary>A companyfacts document of a filer reporting in IFRS, euros, as EDGAR serves a 20-F filer's.</summary>
    internal const string IfrsFile = """
        {"cik": 1234567, "entityName": "EURO CORP", "facts": {"ifrs-full": {
          "Revenue": {"label": "Revenue", "units": {"EUR": [
            {"start": "2024-01-01", "end": "2024-12-31", "val": 5000000000, "accn": "0001234567-25-000001", "fy": 2024, "fp": "FY", "form": "20-F", "filed": "2025-03-01"}]}},
          "CashAndCashEquivalents": {"label": "Cash", "units": {"EUR": [
            {"end": "2024-12-31", "val": 900000000, "accn": "0001234567-25-000001", "fy": 2024, "fp": "FY", "form": "20-F", "filed": "2025-03-01"}]}}}}}
        """;
}

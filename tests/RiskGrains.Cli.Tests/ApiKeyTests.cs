using RiskGrains.Server.Tests;

namespace RiskGrains.Cli.Tests;

/// <summary>The tool against a server in ApiKey mode: the key from --api-key or RISKGRAINS_API_KEY, refusals as one line.</summary>
public sealed class ApiKeyTests(ApiKeyService service) : IClassFixture<ApiKeyService>
{
    private string Address => service.Host.Address.ToString().TrimEnd('/');

    [Fact]
    public async Task A_reader_key_reads_and_no_key_is_refused_as_unauthenticated()
    {
        var read = await CliRun.RunAsync("--api-key", service.Keys[ApiKeyService.Reader], "--server", Address, "get", service.CompanyId);
        Assert.Equal(ExitCodes.Ok, read.ExitCode);
        Assert.Contains(service.CompanyId, read.Output, StringComparison.Ordinal);

        var none = await CliRun.RunAsync("get", service.CompanyId, "--server", Address);
        Assert.Equal(ExitCodes.ServerError, none.ExitCode);
        Assert.StartsWith("riskgrains: error: UNAUTHENTICATED: ", none.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_comes_from_RISKGRAINS_API_KEY_and_a_reader_may_not_import()
    {
        Environment.SetEnvironmentVariable(GlobalSettings.ApiKeyVariable, service.Keys[ApiKeyService.Reader]);
        try
        {
            var read = await CliRun.RunAsync("list", "--server", Address, "-o", "json");
            Assert.Equal(ExitCodes.Ok, read.ExitCode);
            Assert.Contains(service.CompanyId, read.Output, StringComparison.Ordinal);

            var file = Path.Combine(AppContext.BaseDirectory, "data", "snowflake-companyfacts.json");
            var import = await CliRun.RunAsync("import", "sec", file, "--id", "SNOWRO", "--server", Address);
            Assert.Equal(ExitCodes.ServerError, import.ExitCode);
            Assert.StartsWith("riskgrains: error: PERMISSION_DENIED: ", import.Error, StringComparison.Ordinal);

            // A writer's key given as an option wins over the environment's.
            var written = await CliRun.RunAsync("import", "sec", file, "--id", "SNOWRW", "--server", Address, "--api-key", service.Keys[ApiKeyService.Writer], "-o", "json");
            Assert.Equal(ExitCodes.Ok, written.ExitCode);
            Assert.Contains("\"companyId\":\"SNOWRW\"", written.Output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(GlobalSettings.ApiKeyVariable, null);
        }
    }
}

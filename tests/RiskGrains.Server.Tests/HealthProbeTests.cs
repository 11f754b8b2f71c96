using System.Diagnostics;

namespace RiskGrains.Server.Tests;

/// <summary>The container health check: `RiskGrains.Server probe URL`.</summary>
[Collection(SharedServiceCollection.Name)]
[Trait("Category", "Process")] // the probe child process
public sealed class HealthProbeTests(SharedService service)
{
    [Fact]
    public async Task Probe_exits_0_for_a_serving_server_and_1_when_nothing_answers()
    {
        var (serving, output) = await Probe(service.Host.Address.ToString());
        Assert.Equal(0, serving);
        Assert.Equal("Serving", output.Trim());

        var (closed, why) = await Probe($"http://127.0.0.1:{ServiceHost.FreePort()}");
        Assert.Equal(1, closed);
        Assert.StartsWith("NOT_SERVING", why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("riskgrains.v1.RiskService")]
    [InlineData("riskgrains.v1.AlertService")]
    public async Task Health_answers_serving_for_the_server_and_for_the_risk_service_by_name(string name)
    {
        var health = new global::Grpc.Health.V1.Health.HealthClient(service.Host.Channel);

        var reply = await health.CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest { Service = name });

        Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    private static async Task<(int Exit, string Output)> Probe(string url)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RiskGrains.Server.dll"));
        start.ArgumentList.Add("probe");
        start.ArgumentList.Add(url);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, output);
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RiskGrains.Server.Hosting;
using RiskGrains.Server.Security;

namespace RiskGrains.Server.Tests;

/// <summary>Without authentication (RiskGrains:Auth:Mode None, the default) the server listens on loopback addresses only.</summary>
public sealed class LoopbackTests
{
    [Theory]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("https://127.0.0.2:5001", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://unix:/run/riskgrains.sock", true)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://10.1.2.3:8080", false)]
    [InlineData("http://riskgrains.internal:8080", false)]
    [InlineData("not an address", false)]
    public void Only_localhost_127_0_0_0_8_and_ipv6_loopback_count_as_loopback(string address, bool loopback)
    {
        Assert.Equal(loopback, ListeningAddresses.IsLoopback(address));
    }

    [Theory]
    [InlineData("urls", "http://127.0.0.1:5000;http://0.0.0.0:5001", "http://0.0.0.0:5001")]
    [InlineData("http_ports", "8080", "http://*:8080")]
    [InlineData("Kestrel:Endpoints:Grpc:Url", "http://riskgrains.internal:5000", "http://riskgrains.internal:5000")]
    public void Every_configured_address_is_checked_urls_ports_and_kestrel_endpoints(string key, string value, string exposed)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new KeyValuePair<string, string?>(key, value)]).Build();

        var error = Assert.Throws<OptionsValidationException>(() => ListeningAddresses.RequireLoopback(ListeningAddresses.Configured(configuration)));

        Assert.Contains($"the server is set to listen on {exposed}:", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("RiskGrains:Auth:Mode is None (no authentication)", error.Message, StringComparison.Ordinal);
        Assert.Equal([ListeningAddresses.Default], ListeningAddresses.Configured(new ConfigurationBuilder().Build()));
    }

    [Fact]
    public async Task A_public_address_without_authentication_is_refused_before_the_server_starts_and_allowed_with_keys()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ServiceHost.StartAsync(loadSampleData: false, dataDir: null, "--urls", "http://+:8080"));
        Assert.Contains("RiskGrains:Auth:Mode is None (no authentication), allowed only on loopback addresses", error.Message, StringComparison.Ordinal);

        // With keys, the builder takes the same address (nothing is bound here).
        var keys = new KeyFile(("desk-1", "reader"));
        var builder = WebApplication.CreateBuilder(["--urls", "http://+:8080", .. keys.Settings, "--RiskGrains:DataDir", ServiceHost.TempDirectory()]);
        builder.AddRiskGrains();
    }

    [Fact]
    public async Task A_public_address_bound_anyway_stops_the_server_at_once()
    {
        var server = new BoundServer("http://127.0.0.1:5000", "http://[::]:8080");
        var lifetime = new Lifetime();
        var check = new SecurityStartCheck(server, Options.Create(new RiskGrainsOptions()), new KnownCallers(AuthMode.None, null, null), lifetime, NullLogger<SecurityStartCheck>.Instance);

        await check.StartedAsync(CancellationToken.None);

        Assert.True(lifetime.Stopped);
        Assert.StartsWith("RiskGrains:Auth:Mode is None (no authentication), allowed only on loopback addresses, and the server is set to listen on http://[::]:8080:", check.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Process")] // a server process
    public async Task The_server_process_on_0_0_0_0_without_authentication_exits_78_naming_the_setting()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RiskGrains.Server.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://0.0.0.0:{ServiceHost.FreePort()}");
        start.ArgumentList.Add("--RiskGrains:DataDir=" + ServiceHost.TempDirectory());
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(78, process.ExitCode);
        Assert.StartsWith("RiskGrains did not start: RiskGrains:Auth:Mode is None (no authentication), allowed only on loopback addresses", error.Trim(), StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("Now listening", await output, StringComparison.Ordinal);
    }

    private sealed class BoundServer(params string[] addresses) : IServer
    {
        public IFeatureCollection Features { get; } = Bound(addresses);

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }

        private static FeatureCollection Bound(string[] addresses)
        {
            var feature = new ServerAddressesFeature();
            foreach (var address in addresses)
            {
                feature.Addresses.Add(address);
            }

            var features = new FeatureCollection();
            features.Set<IServerAddressesFeature>(feature);
            return features;
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public bool Stopped { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Stopped = true;
    }
}

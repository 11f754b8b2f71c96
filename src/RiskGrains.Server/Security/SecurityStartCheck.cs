using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using RiskGrains.Server.Hosting;

namespace RiskGrains.Server.Security;

/// <summary>
/// Security as started: logs how callers are authenticated (loading the key and certificate files
/// now, not on the first call), and checks the addresses actually bound. Without authentication the
/// configuration was checked before the start, but code or a setting that check does not know could
/// still bind a public address: then the server stops at once, and Program exits 78 with <see cref="Refusal"/>.
/// </summary>
internal sealed class SecurityStartCheck(
    IServer server, IOptions<RiskGrainsOptions> options, KnownCallers callers, IHostApplicationLifetime lifetime, ILogger<SecurityStartCheck> logger)
    : IHostedLifecycleService
{
    /// <summary>Why the server stopped right after it started; null when it did not.</summary>
    public string? Refusal { get; private set; }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var auth = options.Value.Auth;
        logger.LogInformation(
            "Authentication: {Mode}{Keys}{Certificates}",
            callers.Mode,
            callers.ApiKeys is { } keys ? $", {keys.Count} API keys from {auth.ApiKeysFile}" : "",
            callers.ClientCertificates is { } certificates ? $", {certificates.Count} client certificates from {auth.ClientCertificates}" : "");
        var exposed = addresses.Where(a => !ListeningAddresses.IsLoopback(a)).ToList();
        if (auth.Mode == AuthMode.None && exposed.Count > 0)
        {
            Refusal = ListeningAddresses.Refusal(exposed);
            logger.LogCritical("{Refusal}; stopping", Refusal);
            lifetime.StopApplication();
        }

        if (!string.IsNullOrWhiteSpace(auth.ClientCertificates) && !addresses.Any(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
        {
            logger.LogWarning("RiskGrains:Auth:ClientCertificates is set but no endpoint uses TLS, so no client certificate can be presented");
        }

        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

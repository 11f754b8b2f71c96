namespace RiskGrains.Server.Tests;

/// <summary>
/// A service on https://127.0.0.1 (a certificate made for the test, given to Kestrel as PEM files) in
/// ApiKey mode, with a client certificate file: a writer service, a reader service and an expired
/// certificate are listed, a stranger is not.
/// </summary>
public sealed class TlsService : IAsyncLifetime
{
    public TestCertificate ServerCertificate { get; } = TestCertificate.Server();

    public TestCertificate Feed { get; } = TestCertificate.Client("svc-feed");

    public TestCertificate ReaderService { get; } = TestCertificate.Client("svc-reader");

    public TestCertificate Expired { get; } = TestCertificate.Client("svc-old", notAfter: DateTimeOffset.UtcNow.AddDays(-1));

    public TestCertificate Stranger { get; } = TestCertificate.Client("stranger");

    internal KeyFile Keys { get; } = new(("desk-writer", "writer"));

    public string ClientCertificatesPath { get; } = Path.Combine(ServiceHost.TempDirectory(), "client-certificates");

    public ServiceHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The thumbprints as openssl prints them (colons, upper case) and as hex: both are read.
        await File.WriteAllLinesAsync(ClientCertificatesPath,
        [
            "# sha256 thumbprint, name, roles",
            $"{string.Join(':', Convert.FromHexString(Feed.Thumbprint).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)))} svc-feed writer",
            $"{ReaderService.Thumbprint} svc-reader reader",
            $"{Expired.Thumbprint} svc-old writer",
        ]);
        Host = await ServiceHost.StartTlsAsync(ServerCertificate, [.. Keys.Settings, "--RiskGrains:Auth:ClientCertificates", ClientCertificatesPath]);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

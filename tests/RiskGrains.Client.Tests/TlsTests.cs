using Grpc.Core;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Tests;

namespace RiskGrains.Client.Tests;

/// <summary>The client over TLS to a service with a certificate made for the test: trusted by the options, with a key or a client certificate.</summary>
public sealed class TlsTests(TlsService service) : IClassFixture<TlsService>
{
    [Fact]
    public async Task A_client_trusting_the_server_certificate_writes_and_reads_over_https_with_a_key()
    {
        using var client = new RiskGrainsClient(new RiskGrainsClientOptions
        {
            Address = service.Host.Address,
            ApiKey = service.Keys["desk-writer"],
            CaCertificates = [service.ServerCertificate.Certificate],
        });
        var id = Requests.NewCompanyId("TK");

        var created = await client.UpsertCompanyAsync(Requests.Company(id));
        var risk = await client.GetRiskAsync(id);

        Assert.Equal(Uri.UriSchemeHttps, service.Host.Address.Scheme);
        Assert.Equal((1UL, 1UL, "desk-writer"), (created.Version, risk.Version, risk.ChangedBy));
    }

    [Fact]
    public async Task A_client_certificate_from_pem_files_authenticates_as_its_name_without_a_key()
    {
        using var client = new RiskGrainsClient(new RiskGrainsClientOptions
        {
            Address = service.Host.Address,
            CaCertificatePath = service.ServerCertificate.CertificatePath,
            ClientCertificatePath = service.Feed.CertificatePath,
            ClientCertificateKeyPath = service.Feed.KeyPath,
        });
        var id = Requests.NewCompanyId("TC");

        await client.UpsertCompanyAsync(Requests.Company(id));
        var risk = await client.GetRiskAsync(id);

        Assert.Equal("svc-feed", risk.ChangedBy);
    }

    [Fact]
    public async Task A_client_certificate_carries_its_own_roles()
    {
        using var client = new RiskGrainsClient(new RiskGrainsClientOptions
        {
            Address = service.Host.Address,
            CaCertificates = [service.ServerCertificate.Certificate],
            ClientCertificate = service.ReaderService.Certificate,
        });
        var id = Requests.NewCompanyId("TR");

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UpsertCompanyAsync(Requests.Company(id)));
        var read = await Assert.ThrowsAsync<RpcException>(() => client.GetRiskAsync(id));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("'svc-reader' has reader", error.Status.Detail, StringComparison.Ordinal);

        // A reader may read: the company the write did not create is unknown, not forbidden.
        Assert.Equal(StatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task A_client_trusting_only_the_system_roots_refuses_the_test_certificate_at_once()
    {
        using var log = new ClientLog();
        using var client = new RiskGrainsClient(new RiskGrainsClientOptions { Address = service.Host.Address, ApiKey = service.Keys["desk-writer"] }, log.Factory);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetRiskAsync(new GetRiskRequest { CompanyId = "MSFT" }));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("UntrustedRoot", error.Status.DebugException?.ToString(), StringComparison.Ordinal);
        Assert.Empty(log.Retries);
    }
}

using System.Diagnostics;
using System.Text.Json;
using Grpc.Core;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>
/// TLS from Kestrel's certificate settings (HTTP/2 by ALPN, not h2c) and client certificates: a
/// listed certificate authenticates as its name, beside API keys.
/// </summary>
public sealed class TlsTests(TlsService service) : IClassFixture<TlsService>
{
    [Fact]
    public async Task A_client_trusting_the_server_certificate_calls_over_https_with_a_key()
    {
        var writer = ApiKeyService.BearerOf(service.Keys["desk-writer"]);
        var id = Requests.NewCompanyId("TL");

        await service.Host.Client.UpsertCompanyAsync(Requests.Company(id), writer);
        var risk = await service.Host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = id }, writer);

        Assert.Equal("https", service.Host.Address.Scheme);
        Assert.Equal(("desk-writer", 1UL), (risk.Risk.ChangedBy, risk.Risk.Version));
    }

    [Fact]
    public async Task The_tls_endpoint_negotiates_http2_by_alpn()
    {
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
            presented is not null && presented.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)
                == service.ServerCertificate.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var http = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(service.Host.Address, "/grpc.health.v1.Health/Check"))
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");

        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpVersion.Version20, response.Version);
    }

    [Fact]
    public async Task The_probe_mode_checks_health_over_https_too()
    {
        Assert.Equal(0, await Hosting.HealthProbe.RunAsync(service.Host.Address.ToString()));
    }

    [Fact]
    public async Task A_listed_client_certificate_authenticates_as_its_name_without_a_key()
    {
        using var channel = service.Host.NewChannel(service.Feed.Certificate);
        var client = new RiskService.RiskServiceClient(channel);
        var id = Requests.NewCompanyId("MT");

        await client.UpsertCompanyAsync(Requests.Company(id));
        var risk = await client.GetRiskAsync(new GetRiskRequest { CompanyId = id });

        Assert.Equal("svc-feed", risk.Risk.ChangedBy);
    }

    [Fact]
    public async Task A_listed_reader_certificate_may_read_and_not_write()
    {
        using var channel = service.Host.NewChannel(service.ReaderService.Certificate);
        var client = new RiskService.RiskServiceClient(channel);

        await client.ListCompaniesAsync(new ListCompaniesRequest());
        var refused = await Assert.ThrowsAsync<RpcException>(() => RiskCalls.Call("UpsertCompany", client, Requests.NewCompanyId("MT"), headers: null));

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal("riskgrains.v1.RiskService/UpsertCompany needs the role writer or admin; 'svc-reader' has reader", refused.Status.Detail);
    }

    [Fact]
    public async Task An_unlisted_certificate_authenticates_nobody_and_a_key_still_does()
    {
        using var channel = service.Host.NewChannel(service.Stranger.Certificate);
        var client = new RiskService.RiskServiceClient(channel);

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.ListCompaniesAsync(new ListCompaniesRequest()).ResponseAsync);
        await client.ListCompaniesAsync(new ListCompaniesRequest(), ApiKeyService.BearerOf(service.Keys["desk-writer"]));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal("no credentials: send the metadata 'authorization: Bearer <API key>'", refused.Status.Detail);
    }

    [Fact]
    public async Task A_listed_certificate_out_of_its_validity_is_refused()
    {
        using var channel = service.Host.NewChannel(service.Expired.Certificate);
        var client = new RiskService.RiskServiceClient(channel);

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.ListCompaniesAsync(new ListCompaniesRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.StartsWith("the client certificate of 'svc-old' is valid only from ", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Process")] // buf curl, a separate client process
    public async Task Buf_curl_trusting_the_certificate_by_cacert_calls_with_a_key_or_a_client_certificate()
    {
        var url = $"{service.Host.Address.ToString().TrimEnd('/')}/riskgrains.v1.RiskService/ListCompanies";
        var (keyExit, keyOutput) = await BufCurl("--cacert", service.ServerCertificate.CertificatePath, "-H", $"authorization: Bearer {service.Keys["desk-writer"]}", "-d", "{}", url);
        var (certificateExit, certificateOutput) = await BufCurl(
            "--cacert", service.ServerCertificate.CertificatePath, "--cert", service.ReaderService.CertificatePath, "--key", service.ReaderService.KeyPath, "-d", "{}", url);
        var (noneExit, noneError) = await BufCurl("--cacert", service.ServerCertificate.CertificatePath, "-d", "{}", url);

        Assert.True(keyExit == 0, keyOutput);
        Assert.True(certificateExit == 0, certificateOutput);
        Assert.Equal(16 * 8, noneExit);
        using var refusal = JsonDocument.Parse(noneError);
        Assert.Equal("unauthenticated", refusal.RootElement.GetProperty("code").GetString());
        Assert.Equal("no credentials: send the metadata 'authorization: Bearer <API key>'", refusal.RootElement.GetProperty("message").GetString());
    }

    private static async Task<(int Exit, string Output)> BufCurl(params string[] args)
    {
        var start = new ProcessStartInfo("buf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["curl", "--protocol", "grpc", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("buf is not installed (npm install -g @bufbuild/buf)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }
}

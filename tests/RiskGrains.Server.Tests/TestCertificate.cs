using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RiskGrains.Server.Tests;

/// <summary>
/// A self-signed certificate made for one test, with its PEM files in a temporary folder: a server's
/// for 127.0.0.1 and localhost, or a client's. Its SHA-256 thumbprint is what a client certificate file lists.
/// </summary>
public sealed class TestCertificate
{
    private TestCertificate(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        Certificate = certificate;
        CertificatePath = certificatePath;
        KeyPath = keyPath;
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    /// <summary>Lower-case hex of the SHA-256 of the certificate, as <c>openssl x509 -fingerprint -sha256</c> gives it (without colons).</summary>
    public string Thumbprint => Convert.ToHexStringLower(Certificate.GetCertHash(HashAlgorithmName.SHA256));

    public static TestCertificate Server() => Create("CN=riskgrains test server", serverAuth: true, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

    public static TestCertificate Client(string name, DateTimeOffset? notAfter = null) =>
        Create($"CN={name}", serverAuth: false, DateTimeOffset.UtcNow.AddDays(-2), notAfter ?? DateTimeOffset.UtcNow.AddDays(30));

    private static TestCertificate Create(string subject, bool serverAuth, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication") : new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication")], critical: false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        var certificate = request.CreateSelfSigned(notBefore, notAfter);
        var folder = ServiceHost.TempDirectory();
        var certificatePath = Path.Combine(folder, "certificate.pem");
        var keyPath = Path.Combine(folder, "key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return new TestCertificate(certificate, certificatePath, keyPath);
    }
}

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;

namespace RiskGrains.Client;

/// <summary>The HTTP/2 handler, channel settings and credentials that options describe, shared by the channels the client makes and by those of the client factory.</summary>
internal static class Transport
{
    public static SocketsHttpHandler CreateHandler(RiskGrainsClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            // A watch may receive nothing for hours: pings, on busy and idle connections alike, find a vanished
            // server (or a dropped network) where TCP alone would wait for ever.
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            // A connection that carries a days-long watch must not be retired for being idle between messages.
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            // Kestrel allows 100 concurrent calls per connection; past them, further connections are opened instead of calls queueing.
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.ConnectTimeout,
        };

        var roots = TrustedRoots(options);
        if (roots.Count > 0)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors, roots);
        }

        if (ClientCertificate(options) is { } clientCertificate)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return handler;
    }

    /// <summary>The channel settings besides the handler and the credentials.</summary>
    public static void Configure(GrpcChannelOptions channel, RiskGrainsClientOptions options)
    {
        channel.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
        channel.MaxSendMessageSize = options.MaxSendMessageSize;

        // Credentials go over plaintext too: a server in ApiKey mode on a loopback h2c address is a legitimate
        // set-up (development, tests, a sidecar), and a server refuses None mode on any other address anyway.
        channel.UnsafeUseInsecureChannelCallCredentials = true;
    }

    /// <summary>The <c>authorization</c> metadata of every call, or null when the options name no credential.</summary>
    public static CallCredentials? CallCredentials(RiskGrainsClientOptions options)
    {
        if (options.ApiKey is { } key)
        {
            var header = $"Bearer {key}";
            return Grpc.Core.CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", header);
                return Task.CompletedTask;
            });
        }

        if (options.Token is { } token)
        {
            var header = $"Bearer {token}";
            return Grpc.Core.CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", header);
                return Task.CompletedTask;
            });
        }

        if (options.TokenProvider is { } provider)
        {
            return Grpc.Core.CallCredentials.FromInterceptor(async (context, metadata) =>
            {
                var current = await provider(context.CancellationToken).ConfigureAwait(false);
                metadata.Add("authorization", $"Bearer {current}");
            });
        }

        return null;
    }

    private static X509Certificate2Collection TrustedRoots(RiskGrainsClientOptions options)
    {
        var roots = new X509Certificate2Collection(options.CaCertificates);
        if (options.CaCertificatePath is { } path)
        {
            roots.ImportFromPemFile(path);
            if (roots.Count == options.CaCertificates.Count)
            {
                throw new ArgumentException($"CaCertificatePath '{path}' holds no PEM certificate");
            }
        }

        return roots;
    }

    private static X509Certificate2? ClientCertificate(RiskGrainsClientOptions options) =>
        options.ClientCertificate
        ?? (options.ClientCertificatePath is { } path ? X509Certificate2.CreateFromPemFile(path, options.ClientCertificateKeyPath) : null);

    /// <summary>
    /// The server's certificate chains to one of <paramref name="roots"/> (and no other root), and names the host
    /// of the address: only chain errors are judged again, a name mismatch stays fatal.
    /// </summary>
    private static bool IsTrusted(X509Certificate? presented, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (presented is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        // A private CA seldom publishes revocation lists the client could reach.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var certificate = presented as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(certificate);
    }
}

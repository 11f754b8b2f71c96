using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace RiskGrains.Server.Hosting;

/// <summary>
/// gRPC (HTTP/2 with prior knowledge) and HTTP/1.1 (curl, browsers) on one plaintext port. Kestrel
/// alone cannot: without TLS there is no ALPN to choose, and a plaintext endpoint of both protocols
/// serves HTTP/1.1 only. So each connection's first bytes choose, before Kestrel looks: the HTTP/2
/// client preface is marked as if ALPN had negotiated "h2", anything else "http/1.1", which is how
/// Kestrel chooses on a TLS connection. A TLS connection (its first byte a handshake record) is left
/// to the TLS layer and its real ALPN. Endpoints keep Kestrel's default protocols (HTTP/1.1 and
/// HTTP/2); a request's scheme stays the one the client used (http).
/// </summary>
internal static class CleartextProtocols
{
    private static readonly byte[] Http2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();
    private const byte TlsHandshakeRecord = 0x16;

    public static void Configure(KestrelServerOptions kestrel)
    {
        // An HTTP/2 request names its scheme (:scheme http); the marked connection would otherwise say https.
        kestrel.AllowAlternateSchemes = true;
        kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Use(next => connection => ChooseAsync(connection, next, kestrel.Limits.RequestHeadersTimeout)));
    }

    private static async Task ChooseAsync(ConnectionContext connection, ConnectionDelegate next, TimeSpan firstBytesTimeout)
    {
        var input = connection.Transport.Input;
        // A connection that says nothing is closed after Kestrel:Limits:RequestHeadersTimeout, as Kestrel would.
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        silence.CancelAfter(firstBytesTimeout);
        while (true)
        {
            ReadResult read;
            try
            {
                read = await input.ReadAsync(silence.Token);
            }
            catch (OperationCanceledException)
            {
                connection.Abort();
                return;
            }

            var buffer = read.Buffer;
            var decided = Decide(buffer, out var protocol);
            input.AdvanceTo(buffer.Start, decided || read.IsCompleted ? buffer.Start : buffer.End);
            if (decided || read.IsCompleted || read.IsCanceled)
            {
                if (protocol is not null)
                {
                    connection.Features.Set<ITlsApplicationProtocolFeature>(protocol);
                    connection.Features.Set<ITlsConnectionFeature>(protocol);
                }

                await next(connection);
                return;
            }
        }
    }

    /// <summary>True once the bytes read tell HTTP/2 from the rest and from TLS (null <paramref name="protocol"/>).</summary>
    private static bool Decide(ReadOnlySequence<byte> buffer, out Negotiated? protocol)
    {
        protocol = null;
        if (buffer.IsEmpty)
        {
            return false;
        }

        Span<byte> start = stackalloc byte[Http2Preface.Length];
        var length = (int)Math.Min(buffer.Length, Http2Preface.Length);
        buffer.Slice(0, length).CopyTo(start);
        if (start[0] == TlsHandshakeRecord)
        {
            return true;
        }

        if (!start[..length].SequenceEqual(Http2Preface.AsSpan(0, length)))
        {
            protocol = Negotiated.Http1;
            return true;
        }

        if (length < Http2Preface.Length)
        {
            return false;
        }

        protocol = Negotiated.Http2;
        return true;
    }

    /// <summary>Whether a request came over such a connection: its scheme is http, not https.</summary>
    public static bool IsPlaintext(HttpContext context) => context.Features.Get<ITlsConnectionFeature>() is Negotiated;

    /// <summary>The protocol chosen for a plaintext connection, in the form of a TLS connection's ALPN result.</summary>
    private sealed class Negotiated(byte[] protocol) : ITlsApplicationProtocolFeature, ITlsConnectionFeature
    {
        public static readonly Negotiated Http1 = new("http/1.1"u8.ToArray());
        public static readonly Negotiated Http2 = new("h2"u8.ToArray());

        public ReadOnlyMemory<byte> ApplicationProtocol => protocol;

        public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get => null; set { } }

        public Task<System.Security.Cryptography.X509Certificates.X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) =>
            Task.FromResult<System.Security.Cryptography.X509Certificates.X509Certificate2?>(null);
    }
}

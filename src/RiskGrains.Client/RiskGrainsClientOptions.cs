using System.Security.Cryptography.X509Certificates;

namespace RiskGrains.Client;

/// <summary>
/// How a <see cref="RiskGrainsClient"/> reaches the service: its addresses, credentials, TLS, keepalive, message
/// sizes, timeouts and retries. Bindable from configuration (every property but the certificate objects and the
/// token provider, which have path or text forms). The client takes a copy when it is made.
/// </summary>
public sealed class RiskGrainsClientOptions
{
    /// <summary>The gRPC default for the largest message received: 4 MiB, the service's own default for responses.</summary>
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// The server's address, such as <c>http://localhost:5000</c> (plaintext HTTP/2) or
    /// <c>https://riskgrains.example.com:8443</c> (TLS). It is tried first; <see cref="Addresses"/> follow.
    /// </summary>
    public Uri? Address { get; set; }

    /// <summary>
    /// Further addresses (a cluster's silos), tried in turn: a call or a watch that fails with <c>UNAVAILABLE</c>
    /// or a dropped connection goes on with the next address, and later calls stay with the one that answered.
    /// </summary>
    public IList<Uri> Addresses { get; set; } = [];

    /// <summary>An API key issued by the service's operator, sent on every call as <c>authorization: Bearer &lt;key&gt;</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A JWT for a server in Jwt mode, sent on every call as <c>authorization: Bearer &lt;token&gt;</c>. Use <see cref="TokenProvider"/> for tokens that expire.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Called before every call (each attempt, each reconnection of a watch) for the JWT to send: a provider that
    /// renews tokens before they expire keeps a watch reconnecting for days. At most one of <see cref="ApiKey"/>,
    /// <see cref="Token"/> and this is set.
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? TokenProvider { get; set; }

    /// <summary>
    /// Certificates trusted as roots for the server's certificate (a private CA, or a self-signed server
    /// certificate), in place of the system's store; the name the address gives is still checked. Empty, with no
    /// <see cref="CaCertificatePath"/>, means the system's trusted roots.
    /// </summary>
    public X509Certificate2Collection CaCertificates { get; set; } = [];

    /// <summary>A PEM file of one or more certificates trusted as roots, as <see cref="CaCertificates"/>.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>A client certificate with its private key, presented for mutual TLS; the operator lists its SHA-256 thumbprint.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>A PEM file of the client certificate, as <see cref="ClientCertificate"/>; its key is in <see cref="ClientCertificateKeyPath"/>.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>The PEM file of the private key of <see cref="ClientCertificatePath"/> (unencrypted); if absent, the key is read from that file itself.</summary>
    public string? ClientCertificateKeyPath { get; set; }

    /// <summary>
    /// A connection silent for this long is pinged (HTTP/2 PING), on every connection, busy or idle, so that a
    /// watch that receives nothing for hours still finds out when its server has vanished. Default 20 s, below the
    /// server's own 30 s. <see cref="Timeout.InfiniteTimeSpan"/> turns pings off.
    /// </summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A ping not answered within this closes the connection, and its calls fail as a dropped connection (then retried, or the watch reconnects). Default 20 s.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long opening a connection may take before the attempt fails as <c>UNAVAILABLE</c> and the next address is tried. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest message accepted from the server, in bytes; null for no limit. Default 4 MiB, the server's default send limit: raise both together.</summary>
    public int? MaxReceiveMessageSize { get; set; } = DefaultMaxReceiveMessageSize;

    /// <summary>The largest message sent, in bytes; null (the default) leaves the limit to the server, which refuses a larger one with <c>RESOURCE_EXHAUSTED</c>.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// The deadline of each attempt of a unary call (reads and writes), from the attempt's start; a method's
    /// <c>timeout</c> argument replaces it for that call. An attempt past it fails with <c>DEADLINE_EXCEEDED</c> and
    /// is retried. Null for none. Default 30 s. <c>Ingest</c> has no deadline unless its call names one.
    /// </summary>
    public TimeSpan? CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Retries of unary calls and of <c>Ingest</c> from a list of items: 10 attempts in all by default,
    /// 200 ms doubling to 5 s between them (about 13 to 26 s in all).
    /// </summary>
    public BackoffOptions Retry { get; set; } = new() { MaxAttempts = 10 };

    /// <summary>Reconnections of <see cref="RiskGrainsClient.WatchAsync"/>: no bound by default, 200 ms doubling to 5 s between them.</summary>
    public BackoffOptions Reconnect { get; set; } = new();

    /// <summary>
    /// Whether a write refused with <c>RESOURCE_EXHAUSTED</c> for the caller's write rate
    /// (<c>RiskGrains:Limits:WriteRatePerSecond</c>) is retried, after at least a second, within <see cref="Retry"/>.
    /// Default false: such a refusal changed nothing and is thrown, so that a caller that writes too fast learns it.
    /// Other <c>RESOURCE_EXHAUSTED</c> refusals (message size, stream quotas) are never retried.
    /// </summary>
    public bool RetryWhenRateLimited { get; set; }

    /// <summary>Every address, <see cref="Address"/> first, each once.</summary>
    internal IReadOnlyList<Uri> AllAddresses()
    {
        var all = new List<Uri>();
        foreach (var address in Addresses.Prepend(Address).OfType<Uri>())
        {
            if (!all.Contains(address))
            {
                all.Add(address);
            }
        }

        return all;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming every setting that cannot work.</summary>
    /// <param name="connection">False for a client over a channel of the caller's, which takes only the timeouts and retries.</param>
    internal void Validate(bool connection = true)
    {
        var problems = new List<string>();
        if (connection)
        {
            ConnectionProblems(problems);
        }

        if (CallTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            problems.Add("CallTimeout must be positive, or null for none");
        }

        problems.AddRange(Retry.Problems(nameof(Retry)));
        problems.AddRange(Reconnect.Problems(nameof(Reconnect)));
        if (problems.Count > 0)
        {
            throw new ArgumentException($"invalid RiskGrainsClientOptions: {string.Join("; ", problems)}");
        }
    }

    private void ConnectionProblems(List<string> problems)
    {
        var addresses = AllAddresses();
        if (addresses.Count == 0)
        {
            problems.Add("Address (or Addresses) must name at least one server, such as http://localhost:5000");
        }

        foreach (var address in addresses)
        {
            if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"the address '{address}' must be an absolute http:// or https:// address");
            }
        }

        if (new object?[] { ApiKey, Token, TokenProvider }.Count(c => c is not null) > 1)
        {
            problems.Add("at most one of ApiKey, Token and TokenProvider may be set: each is sent as the authorization metadata");
        }

        if (ClientCertificate is not null && ClientCertificatePath is not null)
        {
            problems.Add("at most one of ClientCertificate and ClientCertificatePath may be set");
        }

        if (ClientCertificateKeyPath is not null && ClientCertificatePath is null)
        {
            problems.Add("ClientCertificateKeyPath needs ClientCertificatePath");
        }

        var usesTls = CaCertificates.Count > 0 || CaCertificatePath is not null || ClientCertificate is not null || ClientCertificatePath is not null;
        if (usesTls && addresses.Any(a => a.Scheme == Uri.UriSchemeHttp))
        {
            problems.Add("certificates (CaCertificates, CaCertificatePath, ClientCertificate, ClientCertificatePath) need https:// addresses: an http:// address is plaintext");
        }

        if (KeepAlivePingDelay <= TimeSpan.Zero && KeepAlivePingDelay != Timeout.InfiniteTimeSpan)
        {
            problems.Add("KeepAlivePingDelay must be positive, or Timeout.InfiniteTimeSpan for no pings");
        }

        if (KeepAlivePingTimeout <= TimeSpan.Zero && KeepAlivePingTimeout != Timeout.InfiniteTimeSpan)
        {
            problems.Add("KeepAlivePingTimeout must be positive");
        }

        if (ConnectTimeout <= TimeSpan.Zero && ConnectTimeout != Timeout.InfiniteTimeSpan)
        {
            problems.Add("ConnectTimeout must be positive");
        }

        if (MaxReceiveMessageSize is <= 0 || MaxSendMessageSize is <= 0)
        {
            problems.Add("MaxReceiveMessageSize and MaxSendMessageSize must be positive, or null for no limit");
        }
    }

    /// <summary>A copy that later changes to this instance do not reach.</summary>
    internal RiskGrainsClientOptions Copy()
    {
        var copy = (RiskGrainsClientOptions)MemberwiseClone();
        copy.Addresses = [.. Addresses];
        copy.CaCertificates = [.. CaCertificates];
        copy.Retry = Retry.Copy();
        copy.Reconnect = Reconnect.Copy();
        return copy;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Hosting;

namespace RiskGrains.Server.Tests;

/// <summary>
/// The real service, wired exactly as Program.cs wires it, listening on a free loopback port,
/// with its own data folder and silo ports, and every finished span and log entry kept for inspection.
/// Plaintext HTTP/2 by default; with a server certificate, TLS, and channels that trust that certificate.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestCertificate? _serverCertificate;

    private ServiceHost(WebApplication app, string dataDir, Uri address, TestCertificate? serverCertificate, List<Activity> spans, CapturedLogs logs)
    {
        _app = app;
        _serverCertificate = serverCertificate;
        DataDir = dataDir;
        Address = address;
        Spans = spans;
        Logs = logs;
        Channel = NewChannel();
        Client = new RiskService.RiskServiceClient(Channel);
    }

    public string DataDir { get; }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public RiskService.RiskServiceClient Client { get; }

    /// <summary>What the service logged, at the levels its configuration lets through.</summary>
    public CapturedLogs Logs { get; }

    /// <summary>Finished spans; read under a lock on the list.</summary>
    public List<Activity> Spans { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a service; <paramref name="settings"/> are further command-line settings ("--Key", "value").</summary>
    public static Task<ServiceHost> StartAsync(bool loadSampleData = true, string? dataDir = null, params string[] settings) =>
        StartAsync(serverCertificate: null, loadSampleData, dataDir, settings);

    /// <summary>Starts a service on https://127.0.0.1, with <paramref name="serverCertificate"/> as Kestrel's default certificate (PEM files).</summary>
    public static Task<ServiceHost> StartTlsAsync(TestCertificate serverCertificate, params string[] settings) =>
        StartAsync(serverCertificate, loadSampleData: true, dataDir: null,
        [
            "--Kestrel:Certificates:Default:Path", serverCertificate.CertificatePath,
            "--Kestrel:Certificates:Default:KeyPath", serverCertificate.KeyPath,
            .. settings,
        ]);

    /// <summary>
    /// A channel to this service; over TLS it trusts the server's certificate as its only root
    /// (names checked), and presents <paramref name="clientCertificate"/> when there is one.
    /// </summary>
    public GrpcChannel NewChannel(X509Certificate2? clientCertificate = null)
    {
        if (_serverCertificate is not { } root)
        {
            return GrpcChannel.ForAddress(Address);
        }

        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, errors) =>
        {
            if (presented is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root.Certificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(presented as X509Certificate2 ?? new X509Certificate2(presented));
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return GrpcChannel.ForAddress(Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    private static async Task<ServiceHost> StartAsync(TestCertificate? serverCertificate, bool loadSampleData, string? dataDir, string[] settings)
    {
        dataDir ??= TempDirectory();
        var port = FreePort();
        var address = new Uri($"{(serverCertificate is null ? "http" : "https")}://127.0.0.1:{port}");
        var builder = WebApplication.CreateBuilder(
        [
            "--urls", address.ToString(),
            "--RiskGrains:DataDir", dataDir,
            "--RiskGrains:LoadSampleData", loadSampleData.ToString(),
            "--RiskGrains:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--RiskGrains:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--RiskGrains:MarketStateSaveInterval", "00:00:01",
            .. settings,
        ]);
        var logs = new CapturedLogs();
        builder.Logging.AddProvider(logs);
        builder.AddRiskGrains();
        var spans = new List<Activity>();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(new LockedList(spans)));
        var app = builder.Build();
        app.MapRiskGrains();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new ServiceHost(app, dataDir, address, serverCertificate, spans, logs);
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "riskgrains-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A port free now, below Linux's ephemeral range (32768+) so that no outgoing connection takes
    /// it before the server binds it, and never handed out twice in one test run.
    /// </summary>
    public static int FreePort()
    {
        lock (HandedOut)
        {
            while (true)
            {
                var port = Random.Shared.Next(20_000, 32_000);
                if (!HandedOut.Add(port))
                {
                    continue;
                }

                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // Taken by something else: try another.
                }
            }
        }
    }

    /// <summary>
    /// Waits until <paramref name="count"/> calls of a gRPC method that started after <paramref name="since"/>
    /// have ended: a request's server span is exported once it is done, its logging included.
    /// </summary>
    public Task<bool> CallsEnded(string method, DateTime since, int count = 1) =>
        Eventually.True(
            () => SpansSnapshot().Count(s =>
                s.Kind == ActivityKind.Server
                && s.StartTimeUtc >= since
                && s.GetTagItem("url.path") is string path && path.EndsWith(method, StringComparison.Ordinal)) >= count,
            TimeSpan.FromSeconds(20));

    public Activity[] SpansSnapshot()
    {
        lock (Spans)
        {
            return [.. Spans];
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // The exporter adds from the thread that ends a span; tests read concurrently.
    private sealed class LockedList(List<Activity> inner) : ICollection<Activity>
    {
        public int Count
        {
            get
            {
                lock (inner)
                {
                    return inner.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public void Add(Activity item)
        {
            lock (inner)
            {
                inner.Add(item);
            }
        }

        public void Clear()
        {
            lock (inner)
            {
                inner.Clear();
            }
        }

        public bool Contains(Activity item)
        {
            lock (inner)
            {
                return inner.Contains(item);
            }
        }

        public void CopyTo(Activity[] array, int arrayIndex)
        {
            lock (inner)
            {
                inner.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(Activity item)
        {
            lock (inner)
            {
                return inner.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator()
        {
            lock (inner)
            {
                return inner.ToList().GetEnumerator();
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

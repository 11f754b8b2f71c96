using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>
/// A real server process in ApiKey mode for the abuse tests: a feed that writes, a desk that watches
/// a company and keeps reading, and an abuser. The watch limits are raised so one caller can hold
/// 2,000 stalled streams, and Ingest idleness is three seconds so a half-sent message ends quickly.
/// </summary>
public sealed class AbuseServer : IAsyncLifetime
{
    public const string Feed = "feed";
    public const string Desk = "desk";
    public const string Abuser = "abuser";
    public static readonly TimeSpan IngestIdleTimeout = TimeSpan.FromSeconds(3);

    private readonly KeyFile _keys = new((Feed, "writer"), (Desk, "reader"), (Abuser, "writer"));
    private readonly CancellationTokenSource _stop = new();
    private AsyncServerStreamingCall<WatchRiskResponse>? _deskWatch;
    private Task? _deskReader;
    private long _deskVersion;

    public ServerProcess Server { get; private set; } = null!;

    public RiskService.RiskServiceClient Client => Server.Client;

    /// <summary>The company the desk watches throughout; the feed ticks it.</summary>
    public string Watched { get; } = Requests.NewCompanyId("AB");

    /// <summary>The resident memory once the desk's watch is open and a first tick flowed, before any abuse.</summary>
    public long BaselineBytes { get; private set; }

    /// <summary>The newest version of <see cref="Watched"/> the desk's stream has delivered.</summary>
    public ulong DeskVersion => (ulong)Interlocked.Read(ref _deskVersion);

    public Metadata As(string caller) => ApiKeyService.BearerOf(_keys[caller]);

    /// <summary>A client whose every call carries the caller's key.</summary>
    public RiskService.RiskServiceClient ClientAs(string caller) => new(Server.Channel.Intercept(metadata =>
    {
        metadata.Add("authorization", $"Bearer {_keys[caller]}");
        return metadata;
    }));

    public async Task InitializeAsync()
    {
        Server = await ServerProcess.StartAsync(
            ServiceHost.TempDirectory(),
            [.. _keys.Settings,
            "--RiskGrains:LoadSampleData", "false",
            "--RiskGrains:Limits:MaxWatchStreams", "4096",
            "--RiskGrains:Limits:MaxWatchStreamsPerPrincipal", "3000",
            "--RiskGrains:Limits:IngestIdleTimeout", IngestIdleTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture)]);
        var feed = As(Feed);
        await Client.UpsertCompanyAsync(Requests.Company(Watched), feed);
        await Client.ReportFinancialsAsync(Requests.Financials(Watched), feed);
        await Client.UpsertCommitmentAsync(Requests.Commitment(Watched), feed);

        _deskWatch = Client.WatchRisk(new WatchRiskRequest { CompanyIds = { Watched } }, As(Desk), cancellationToken: _stop.Token);
        _deskReader = Task.Run(async () =>
        {
            await foreach (var message in _deskWatch.ResponseStream.ReadAllAsync(_stop.Token))
            {
                Interlocked.Exchange(ref _deskVersion, (long)message.Update.Risk.Version);
            }
        });
        Assert.True(await DeskReceivesATick(), "the desk's watch received nothing");
        BaselineBytes = Server.ResidentBytes();
    }

    /// <summary>The feed publishes a tick of the watched company; true when the desk's stream delivers it within two seconds.</summary>
    public async Task<bool> DeskReceivesATick()
    {
        var written = await Client.PublishMarketDataAsync(Requests.Tick(Watched, DateTimeOffset.UtcNow, 1_000 + Random.Shared.Next(1_000)), As(Feed));
        return written.Applied && await Eventually.True(() => DeskVersion >= written.Version, TimeSpan.FromSeconds(2));
    }

    /// <summary>A channel of its own, with as many HTTP/2 connections as its streams need (100 streams each).</summary>
    public GrpcChannel NewChannel() => GrpcChannel.ForAddress(Server.Address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        MaxReceiveMessageSize = null,
        MaxSendMessageSize = null,
    });

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_deskReader is not null)
        {
            await _deskReader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _deskWatch?.Dispose();
        await Server.DisposeAsync();
        _stop.Dispose();
    }
}

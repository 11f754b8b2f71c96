using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using LoadTestV1 = RiskGrains.Baseline.V1;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.LoadTest;

/// <summary>
/// C plaintext HTTP/2 connections to the server, one <see cref="GrpcChannel"/> (and socket handler)
/// each, with the Ingest methods of both services taking already-encoded batches.
/// </summary>
internal sealed class ServerConnections : IDisposable
{
    private readonly GrpcChannel[] _channels;

    public ServerConnections(Uri target, int connections)
    {
        _channels = Enumerable.Range(0, connections).Select(_ => Open(target)).ToArray();
        Clients = _channels.Select(c => new V1.RiskService.RiskServiceClient(c)).ToArray();
        Invokers = _channels.Select(c => c.CreateCallInvoker()).ToArray();
    }

    public int Count => _channels.Length;

    /// <summary>Generated clients, one per connection.</summary>
    public V1.RiskService.RiskServiceClient[] Clients { get; }

    public CallInvoker[] Invokers { get; }

    /// <summary>A channel of its own: its streams share no connection with the others.</summary>
    public static GrpcChannel Open(Uri target) => GrpcChannel.ForAddress(target, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            // Beyond the server's 100 streams per connection, open another instead of queueing.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        },
        MaxReceiveMessageSize = 64 * 1024 * 1024,
        MaxSendMessageSize = 64 * 1024 * 1024,
    });

    /// <summary>riskgrains.v1.RiskService/Ingest with the request bytes written as they are.</summary>
    public static readonly Method<EncodedBatch, V1.IngestResponse> RiskIngest = new(
        MethodType.ClientStreaming,
        V1.RiskService.Descriptor.FullName,
        "Ingest",
        EncodedBatchMarshaller,
        Marshallers.Create(r => r.ToByteArray(), V1.IngestResponse.Parser.ParseFrom));

    /// <summary>riskgrains.loadtest.v1.BaselineService/Ingest: same request bytes, decoded and counted only.</summary>
    public static readonly Method<EncodedBatch, LoadTestV1.IngestResponse> BaselineIngest = new(
        MethodType.ClientStreaming,
        LoadTestV1.BaselineService.Descriptor.FullName,
        "Ingest",
        EncodedBatchMarshaller,
        Marshallers.Create(r => r.ToByteArray(), LoadTestV1.IngestResponse.Parser.ParseFrom));

    private static Marshaller<EncodedBatch> EncodedBatchMarshaller => Marshallers.Create<EncodedBatch>(
        (batch, context) =>
        {
            context.SetPayloadLength(batch.Length);
            var writer = context.GetBufferWriter();
            batch.Buffer.AsSpan(0, batch.Length).CopyTo(writer.GetSpan(batch.Length));
            writer.Advance(batch.Length);
            context.Complete();
        },
        _ => throw new NotSupportedException("encoded batches are only sent"));

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}

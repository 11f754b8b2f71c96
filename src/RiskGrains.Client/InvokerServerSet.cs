using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;

namespace RiskGrains.Client;

/// <summary>Servers reached through call invokers: the channels the client made from its options (and disposes), or a channel given to it.</summary>
internal sealed class InvokerServerSet(IReadOnlyList<CallInvoker> invokers, IReadOnlyList<Uri?> addresses, IReadOnlyList<IDisposable> owned) : ServerSet
{
    private readonly ConcurrentDictionary<(Type, int), object> _clients = new();

    public override int Count => invokers.Count;

    public static InvokerServerSet FromOptions(RiskGrainsClientOptions options, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory)
    {
        var addresses = options.AllAddresses();
        var channels = addresses
            .Select(address =>
            {
                var channelOptions = new GrpcChannelOptions
                {
                    HttpHandler = Transport.CreateHandler(options),
                    DisposeHttpClient = true,
                    LoggerFactory = loggerFactory,
                };
                Transport.Configure(channelOptions, options);
                if (Transport.CallCredentials(options) is { } credentials)
                {
                    var transport = address.Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
                    channelOptions.Credentials = ChannelCredentials.Create(transport, credentials);
                }

                return GrpcChannel.ForAddress(address, channelOptions);
            })
            .ToList();
        return new InvokerServerSet(
            [.. channels.Select(c => c.CreateCallInvoker())],
            [.. addresses],
            channels);
    }

    public override Uri? Address(int index) => addresses[index];

    public override TClient Client<TClient>(int index) =>
        (TClient)_clients.GetOrAdd((typeof(TClient), index), static (key, invokers) => Activator.CreateInstance(key.Item1, invokers[key.Item2])!, invokers);

    public override void Dispose()
    {
        foreach (var resource in owned)
        {
            resource.Dispose();
        }
    }
}

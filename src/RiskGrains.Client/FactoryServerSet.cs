using Grpc.Core;
using Grpc.Net.ClientFactory;

namespace RiskGrains.Client;

/// <summary>
/// Servers reached through Grpc.Net.ClientFactory: one named client per address and service, registered by
/// <c>AddRiskGrainsClient</c>. The factory owns handlers and connections; a client is made per call, as it intends.
/// </summary>
internal sealed class FactoryServerSet(GrpcClientFactory factory, IReadOnlyList<Uri> addresses) : ServerSet
{
    public override int Count => addresses.Count;

    /// <summary>The name of the factory's client of one service for the server at <paramref name="index"/>.</summary>
    public static string Name<TClient>(int index) => $"RiskGrains.Client:{typeof(TClient).Name}:{index}";

    public override Uri? Address(int index) => addresses[index];

    public override TClient Client<TClient>(int index) => factory.CreateClient<TClient>(Name<TClient>(index));
}

using Grpc.Core;

namespace RiskGrains.Client;

/// <summary>
/// The servers a client may call, by index: a generated client of any service for each. The client factory and
/// plain channels both fit behind it, so a further service needs no change here.
/// </summary>
internal abstract class ServerSet : IDisposable
{
    public abstract int Count { get; }

    /// <summary>The address of a server, for log messages; null when not known (a channel given by the caller).</summary>
    public abstract Uri? Address(int index);

    public abstract TClient Client<TClient>(int index)
        where TClient : ClientBase<TClient>;

    public virtual void Dispose()
    {
    }
}

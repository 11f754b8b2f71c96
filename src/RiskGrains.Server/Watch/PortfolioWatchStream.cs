using System.Runtime.CompilerServices;
using System.Threading.Channels;
using RiskGrains.Grains;

namespace RiskGrains.Server.Watch;

/// <summary>
/// The queue of one WatchPortfolio stream: at most one pending set of figures, the newest
/// (conflation). A client that stops reading holds one portfolio's figures and never slows the
/// portfolio's grain or other clients; when it reads again it gets the newest.
/// </summary>
internal sealed class PortfolioWatchStream(string portfolioId) : IHubStream
{
    private readonly object _gate = new();
    private readonly Channel<bool> _wakeUp = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private PortfolioSnapshot? _pending;
    private PortfolioSnapshot? _newestOffered;

    public string PortfolioId { get; } = portfolioId;

    /// <summary>True once the stream ended because the portfolio was removed.</summary>
    public bool Removed { get; private set; }

    /// <summary>Queues the figures unless the stream has already been offered these or newer ones.</summary>
    public void Offer(PortfolioSnapshot snapshot)
    {
        lock (_gate)
        {
            // Within one activation of the portfolio the revision orders its figures; across two (after a
            // move or a restart) the time they were composed does.
            if (_newestOffered is { } newest
                && (newest.Epoch == snapshot.Epoch ? newest.Revision >= snapshot.Revision : newest.AsOf > snapshot.AsOf))
            {
                return;
            }

            _newestOffered = snapshot;
            if (_pending is not null)
            {
                WatchMetrics.Conflated.Add(1);
            }

            _pending = snapshot;
        }

        _wakeUp.Writer.TryWrite(true);
    }

    /// <summary>Ends the stream once what is pending has been read: the server is stopping, or the portfolio was removed.</summary>
    public void Complete(bool removed = false)
    {
        if (removed)
        {
            Removed = true;
        }

        _wakeUp.Writer.TryComplete();
    }

    void IHubStream.Complete() => Complete();

    /// <summary>The pending figures, then newer ones as they come; ends after <see cref="Complete"/>.</summary>
    public async IAsyncEnumerable<PortfolioSnapshot> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var open = await _wakeUp.Reader.WaitToReadAsync(cancellationToken);
            _wakeUp.Reader.TryRead(out _);
            PortfolioSnapshot? next;
            lock (_gate)
            {
                next = _pending;
                _pending = null;
            }

            if (next is not null)
            {
                yield return next;
            }

            if (!open)
            {
                yield break;
            }
        }
    }
}

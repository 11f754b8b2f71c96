using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace RiskGrains.Grains;

/// <summary>
/// The silos watching one portfolio, and the pace at which they are told. Composing the figures
/// with every position is O(n log n), so a portfolio never composes per member update: a change is
/// published at once when the last publication is an interval old, else when the interval is up,
/// with the newest figures (docs/architecture.md, portfolios). Nothing is composed while nobody watches.
/// </summary>
internal sealed class PortfolioPublication(IGrainBase grain, TimeSpan interval, TimeSpan expiry, Func<PortfolioSnapshot?> current, ILogger logger)
{
    private ObserverManager<IPortfolioObserver>? _observers;
    private IGrainTimer? _timer;
    private bool _scheduled;
    private long _lastPublished;

    public void Subscribe(IPortfolioObserver observer) =>
        (_observers ??= new ObserverManager<IPortfolioObserver>(expiry, logger)).Subscribe(observer, observer);

    public void Unsubscribe(IPortfolioObserver observer) => _observers?.Unsubscribe(observer);

    /// <summary>The figures changed: publish them now, or when the interval since the last publication is up.</summary>
    public void Changed()
    {
        if (_scheduled || _observers is not { Count: > 0 })
        {
            return;
        }

        _scheduled = true;
        var due = _lastPublished == 0 ? TimeSpan.Zero : interval - Stopwatch.GetElapsedTime(_lastPublished);
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        if (_timer is null)
        {
            _timer = grain.RegisterGrainTimer(Publish, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The portfolio is gone: its watchers are told, then forgotten.</summary>
    public void Removed(string portfolioId)
    {
        Stop();
        if (_observers is { Count: > 0 } observers)
        {
            observers.Notify(observer => observer.OnPortfolioRemoved(portfolioId).Ignore());
            observers.Clear();
        }
    }

    public void Stop()
    {
        _timer?.Dispose();
        _timer = null;
        _scheduled = false;
    }

    private Task Publish()
    {
        _scheduled = false;
        if (_observers is not { Count: > 0 } observers || current() is not { } snapshot)
        {
            return Task.CompletedTask;
        }

        _lastPublished = Stopwatch.GetTimestamp();
        observers.Notify(observer => observer.OnPortfolioChanged(snapshot).Ignore());
        return Task.CompletedTask;
    }
}

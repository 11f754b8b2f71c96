using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace RiskGrains.Grains;

/// <summary>
/// The silos watching one company (Orleans' <see cref="ObserverManager{TObserver}"/>: an observer not
/// refreshed within the expiry is dropped). A change is published with one one-way call per silo,
/// whatever the number of watchers there. Most companies are never watched, so the list is created
/// on the first subscription.
/// </summary>
internal sealed class CompanyObservers(TimeSpan expiry, ILogger logger)
{
    private ObserverManager<IRiskObserver>? _observers;

    public bool Any => _observers is { Count: > 0 };

    public void Subscribe(IRiskObserver observer) =>
        (_observers ??= new ObserverManager<IRiskObserver>(expiry, logger)).Subscribe(observer, observer);

    public void Unsubscribe(IRiskObserver observer) => _observers?.Unsubscribe(observer);

    /// <summary>Sends the snapshot <paramref name="compose"/> makes of <paramref name="state"/>, composed only when someone watches.</summary>
    public void Publish<TState>(Func<TState, RiskSnapshot> compose, TState state, bool traced)
    {
        if (_observers is not { Count: > 0 } observers)
        {
            return;
        }

        var snapshot = compose(state);
        using var activity = traced ? RiskGrainsDiagnostics.ActivitySource.StartActivity("publish") : null;
        activity?.SetTag("company.id", snapshot.CompanyId);
        activity?.SetTag("company.version", (long)snapshot.Version);
        activity?.SetTag("publish.silos", observers.Count);
        observers.Notify(observer => observer.OnRiskChanged(snapshot).Ignore());
    }
}

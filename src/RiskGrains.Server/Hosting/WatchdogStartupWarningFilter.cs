using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace RiskGrains.Server.Hosting;

/// <summary>
/// Drops the false stall warning Orleans' watchdog can log as a silo starts,
/// "Participant check thread has not completed for 00:03:26…", where the duration is the time since
/// the machine booted. Watchdog.Start (Orleans 10.4) starts its platform thread before it sets the
/// participant-check timestamp, so that thread's first check can measure from timestamp 0, the
/// origin of the monotonic clock. Only a stall whose measured interval began before this logger
/// factory existed is dropped: the watchdog is created after the factory, so no stall of this
/// process, at start or later, can be that long, and every real one is still logged.
/// </summary>
internal sealed class WatchdogStartupWarningFilter(ILoggerFactory inner, TimeProvider? clock = null) : ILoggerFactory
{
    public const string WatchdogCategory = "Orleans.Runtime.Watchdog";

    /// <summary>Orleans' ErrorCode.SiloHeartbeatTimerStalled, the event id of both watchdog stall warnings.</summary>
    public const int StallEventId = 100150;

    // The watchdog's clock: its timestamps count from the same origin.
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly long _created = (clock ?? TimeProvider.System).GetTimestamp();

    /// <summary>Wraps the host's logger factory (as the logging services would create it).</summary>
    public static void Register(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new WatchdogStartupWarningFilter(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName == WatchdogCategory ? new WatchdogLogger(logger, this) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>Whether a stall warning measures an interval that began before this process could have stalled.</summary>
    public bool IsStartupArtifact<TState>(EventId eventId, TState state)
    {
        if (eventId.Id != StallEventId || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            return false;
        }

        foreach (var (name, value) in values)
        {
            if (name == "TimeSinceLastTick" && value is TimeSpan stalled)
            {
                return stalled > _clock.GetElapsedTime(_created);
            }
        }

        return false;
    }

    private sealed class WatchdogLogger(ILogger inner, WatchdogStartupWarningFilter filter) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!filter.IsStartupArtifact(eventId, state))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}

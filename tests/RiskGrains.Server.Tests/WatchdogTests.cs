using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RiskGrains.Server.Hosting;

namespace RiskGrains.Server.Tests;

/// <summary>Orleans' watchdog: its false stall warning at start is dropped, a real stall is still logged.</summary>
public sealed class WatchdogTests
{
    // The shape Orleans logs it in: Watchdog.LogWarningParticipantCheckThreadStalled.
    private static readonly Action<ILogger, TimeSpan, Exception?> ParticipantCheckStalled = LoggerMessage.Define<TimeSpan>(
        LogLevel.Warning,
        new EventId(WatchdogStartupWarningFilter.StallEventId, "LogWarningParticipantCheckThreadStalled"),
        "Participant check thread has not completed for {TimeSinceLastTick}, potentially indicating lock contention or deadlock, CPU starvation, or another execution anomaly.");

    [Fact]
    public void A_stall_measured_from_the_clocks_origin_is_dropped_and_a_real_one_is_logged()
    {
        var clock = new ManualClock(TimeSpan.FromMinutes(206));
        var logs = new CapturedLogs();
        using var loggers = new WatchdogStartupWarningFilter(new LoggerFactory([logs]), clock);
        var watchdog = loggers.CreateLogger(WatchdogStartupWarningFilter.WatchdogCategory);
        clock.Advance(TimeSpan.FromMinutes(1));

        // The race in Watchdog.Start: the first check measures from timestamp 0, the time since the machine booted.
        ParticipantCheckStalled(watchdog, clock.GetElapsedTime(0), null);
        Assert.Empty(logs.Entries);

        // A minute after start, a stall of 30 s is real.
        ParticipantCheckStalled(watchdog, TimeSpan.FromSeconds(30), null);
        var logged = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Contains("00:00:30", logged.Message, StringComparison.Ordinal);

        // Other categories pass untouched, whatever they log.
        ParticipantCheckStalled(loggers.CreateLogger("Orleans.Runtime.Other"), clock.GetElapsedTime(0), null);
        Assert.Equal(2, logs.Entries.Count);
    }

    [Fact]
    public async Task Starting_the_service_logs_no_watchdog_stall_and_the_services_loggers_drop_the_false_one()
    {
        // The race is timing-dependent (it hits most starts of a lone server, fewer under a busy test run):
        // the start is checked, and the host's own logger factory is shown to drop the false warning.
        await using var host = await ServiceHost.StartAsync(loadSampleData: false);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Category == WatchdogStartupWarningFilter.WatchdogCategory && e.Level >= LogLevel.Warning);

        var watchdog = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(WatchdogStartupWarningFilter.WatchdogCategory);
        ParticipantCheckStalled(watchdog, Stopwatch.GetElapsedTime(0), null);
        ParticipantCheckStalled(watchdog, TimeSpan.FromMilliseconds(1), null);
        var logged = Assert.Single(host.Logs.Entries, e => e.Category == WatchdogStartupWarningFilter.WatchdogCategory);
        Assert.Contains("00:00:00.001", logged.Message, StringComparison.Ordinal);
    }

    private sealed class ManualClock(TimeSpan sinceOrigin) : TimeProvider
    {
        private long _now = sinceOrigin.Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _now;

        public void Advance(TimeSpan by) => _now += by.Ticks;
    }
}

using System.Diagnostics;
using System.Globalization;

namespace RiskGrains.LoadTest;

/// <summary>One line per second on stderr while a phase runs: elapsed, sent, acknowledged, rates.</summary>
internal sealed class Progress : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private Progress(string phase, PhaseCounters counters, Func<string>? extra)
    {
        _loop = Task.Run(() => Run(phase, counters, extra, _stop.Token));
    }

    public static Progress Start(string phase, PhaseCounters counters, Func<string>? extra = null) => new(phase, counters, extra);

    private static async Task Run(string phase, PhaseCounters counters, Func<string>? extra, CancellationToken stop)
    {
        var started = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        long lastSent = 0, lastAcknowledged = 0;
        var lastAt = TimeSpan.Zero;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = started.Elapsed;
                var sent = counters.Sent;
                var acknowledged = counters.Acknowledged;
                var dt = Math.Max(1e-3, (now - lastAt).TotalSeconds);
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"[{phase}] {now.TotalSeconds,6:F1}s  sent {sent,12:N0} ({(sent - lastSent) / dt,10:N0}/s)  acknowledged {acknowledged,12:N0} ({(acknowledged - lastAcknowledged) / dt,10:N0}/s)  rejected {counters.Rejected:N0}");
                if (extra is not null)
                {
                    line += "  " + extra();
                }

                Console.Error.WriteLine(line);
                (lastSent, lastAcknowledged, lastAt) = (sent, acknowledged, now);
            }
        }
        catch (OperationCanceledException)
        {
            // The phase ended.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}

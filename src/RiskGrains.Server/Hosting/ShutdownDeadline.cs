using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace RiskGrains.Server.Hosting;

/// <summary>
/// The last resort of a stop: a silo whose storage or membership table is unreachable can wait on
/// it for minutes while leaving the cluster. Past the deadline the process ends at once. Nothing
/// acknowledged is lost by that: fundamentals and commitments were stored before their writes
/// returned, and ticks are volatile by design.
/// </summary>
internal sealed class ShutdownDeadline : IHostedService, IDisposable
{
    private readonly ILogger<ShutdownDeadline> _logger;
    private readonly TimeSpan _deadline;
    private readonly CancellationTokenRegistration _registration;
    private Timer? _timer;

    public ShutdownDeadline(IHostApplicationLifetime lifetime, IOptions<RiskGrainsOptions> options, ILogger<ShutdownDeadline> logger)
    {
        _logger = logger;
        _deadline = options.Value.ShutdownDeadline;
        _registration = lifetime.ApplicationStopping.Register(Arm);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        // The timer stays armed on purpose until the process is gone: disposal itself can hang.
        _registration.Dispose();
    }

    private void Arm() => _timer ??= new Timer(_ => ExitNow(), null, _deadline, Timeout.InfiniteTimeSpan);

    private void ExitNow()
    {
        _logger.LogCritical("Shutdown did not finish within {Deadline}; exiting now", _deadline);

        // Environment.Exit would wait for the very shutdown that is stuck; _exit does not.
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            Thread.Sleep(100); // let the console logger write the line above
            HardExit(70);
        }

        Environment.FailFast($"shutdown did not finish within {_deadline}");
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void HardExit(int status);
}

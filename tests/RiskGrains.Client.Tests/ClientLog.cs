using Microsoft.Extensions.Logging;
using RiskGrains.Client;
using RiskGrains.Server.Tests;

namespace RiskGrains.Client.Tests;

/// <summary>What a client logged: its retries (event 1) and reconnections (event 2) say how many attempts failed.</summary>
internal sealed class ClientLog : IDisposable
{
    private static readonly string Category = typeof(RiskGrainsClient).FullName!;

    public ClientLog() => Factory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(Captured));

    public CapturedLogs Captured { get; } = new();

    public ILoggerFactory Factory { get; }

    public IReadOnlyList<LogEntry> Retries => Of(1);

    public IReadOnlyList<LogEntry> Reconnections => Of(2);

    public void Dispose() => Factory.Dispose();

    private LogEntry[] Of(int eventId) => [.. Captured.Entries.Where(e => e.Category == Category && e.EventId.Id == eventId)];
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RiskGrains.Server.Tests;

/// <summary>Every log entry of a host, after its filters (the levels of appsettings.json), kept for assertions.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>How many entries there are now; <see cref="Since"/> reads what came after.</summary>
    public int Count => _entries.Count;

    public IReadOnlyList<LogEntry> Since(int count) => [.. _entries.Skip(count)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}

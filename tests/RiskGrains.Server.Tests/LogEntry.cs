using Microsoft.Extensions.Logging;

namespace RiskGrains.Server.Tests;

public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}[{EventId.Id}] {Message}{(Exception is null ? "" : "\n" + Exception)}";
}

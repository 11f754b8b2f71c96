namespace RiskGrains.Cli;

/// <summary>A command line the tool will not send: a bad band, a bad interval. Exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

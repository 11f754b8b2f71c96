namespace RiskGrains.LoadTest;

/// <summary>A scenario could not measure what it should; the report says why.</summary>
internal sealed class LoadTestException(string message) : Exception(message);

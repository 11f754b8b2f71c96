namespace RiskGrains.Cli;

/// <summary>How a command prints: tables for people, or one proto3 JSON document per line for programs.</summary>
public enum OutputFormat
{
    Table,
    Json,
}

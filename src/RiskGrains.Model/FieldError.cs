namespace RiskGrains.Model;

/// <summary>One rejected input field: its snake_case path (as reported to clients) and why.</summary>
public readonly record struct FieldError(string Field, string Message);

using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>The fixed point of a system of companies: each one's assessment, and how the iteration ended.</summary>
public sealed record SystemResult(ImmutableDictionary<string, RiskAssessment> Assessments, int Iterations, bool Converged);

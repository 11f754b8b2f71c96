namespace RiskGrains.Model;

/// <summary>The solved Merton model (docs/risk-model.md §2.3).</summary>
public sealed record MertonResult(
    double? DistanceToDefault,
    double? DefaultProbability,
    double? AssetValue,
    double? AssetVolatility,
    int Iterations,
    bool Converged);

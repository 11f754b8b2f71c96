namespace RiskGrains.Model;

/// <summary>A Merton solve as a value (no allocation); values are NaN unless it converged.</summary>
internal readonly struct MertonSolution
{
    public readonly double DistanceToDefault;
    public readonly double DefaultProbability;
    public readonly double AssetValue;
    public readonly double AssetVolatility;
    public readonly int Iterations;
    public readonly bool Converged;

    public MertonSolution(double distanceToDefault, double defaultProbability, double assetValue, double assetVolatility, int iterations)
    {
        DistanceToDefault = distanceToDefault;
        DefaultProbability = defaultProbability;
        AssetValue = assetValue;
        AssetVolatility = assetVolatility;
        Iterations = iterations;
        Converged = true;
    }

    private MertonSolution(int iterations)
    {
        DistanceToDefault = DefaultProbability = AssetValue = AssetVolatility = double.NaN;
        Iterations = iterations;
        Converged = false;
    }

    public static MertonSolution NotSolved(int iterations) => new(iterations);

    /// <summary>The warm start for the next tick: this root when there is one, else a cold start.</summary>
    public MertonGuess NextGuess => Converged ? new MertonGuess(AssetValue, AssetVolatility) : default;

    public MertonResult ToResult() => Converged
        ? new MertonResult(DistanceToDefault, DefaultProbability, AssetValue, AssetVolatility, Iterations, true)
        : new MertonResult(null, null, null, null, Iterations, false);
}

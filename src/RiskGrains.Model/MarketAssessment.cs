namespace RiskGrains.Model;

/// <summary>
/// The market-dependent part of an evaluation (docs/risk-model.md §2.3 and the default component of §3) for
/// one tick against one <see cref="FundamentalsAssessment"/>: distances to default, Merton solve, score
/// and band. A value that allocates nothing; <see cref="FundamentalsAssessment.Compose"/> turns it into
/// the full <see cref="RiskAssessment"/>.
/// </summary>
public readonly struct MarketAssessment
{
    private readonly MertonSolution _merton;
    private readonly double _distanceToDefault;
    private readonly double _defaultProbability;
    private readonly double _adjustedDistanceToDefault;
    private readonly double _adjustedDefaultProbability;
    private readonly double _defaultInput;
    private readonly double _defaultComponentPoints;
    private readonly double _score;
    private readonly bool _hasFinancials;

    internal MarketAssessment(
        MarketState market,
        object? source,
        double distanceToDefault,
        double defaultProbability,
        double adjustedDistanceToDefault,
        double adjustedDefaultProbability,
        in MertonSolution merton,
        double defaultInput,
        double defaultComponentPoints,
        double score,
        FlagSet flags)
    {
        Market = market;
        Source = source;
        _distanceToDefault = distanceToDefault;
        _defaultProbability = defaultProbability;
        _adjustedDistanceToDefault = adjustedDistanceToDefault;
        _adjustedDefaultProbability = adjustedDefaultProbability;
        _merton = merton;
        _defaultInput = defaultInput;
        _defaultComponentPoints = defaultComponentPoints;
        _score = score;
        Flags = flags;
        _hasFinancials = true;
    }

    private MarketAssessment(MarketState market, object? source)
    {
        Market = market;
        Source = source;
        _merton = MertonSolution.NotSolved(0);
    }

    /// <summary>The tick this evaluates; null only for <c>default(MarketAssessment)</c>.</summary>
    public MarketState? Market { get; }

    /// <summary>False when the fundamentals have no financial period: then every value is absent.</summary>
    public bool HasFinancials => _hasFinancials;

    public double? DistanceToDefault => _hasFinancials ? _distanceToDefault : null;

    public double? DefaultProbability => _hasFinancials ? _defaultProbability : null;

    public double? CommitmentAdjustedDistanceToDefault => _hasFinancials ? _adjustedDistanceToDefault : null;

    public double? CommitmentAdjustedDefaultProbability => _hasFinancials ? _adjustedDefaultProbability : null;

    public double? MertonDistanceToDefault => _merton.Converged ? _merton.DistanceToDefault : null;

    public double? MertonDefaultProbability => _merton.Converged ? _merton.DefaultProbability : null;

    public double? MertonAssetValue => _merton.Converged ? _merton.AssetValue : null;

    public double? MertonAssetVolatility => _merton.Converged ? _merton.AssetVolatility : null;

    public int MertonIterations => _merton.Iterations;

    public bool MertonConverged => _merton.Converged;

    /// <summary>Points (0..100) of the default component of the score (docs/risk-model.md §3).</summary>
    public double? DefaultComponentPoints => _hasFinancials ? _defaultComponentPoints : null;

    /// <summary>The credit-stress score with all five components (docs/risk-model.md §3).</summary>
    public double? Score => _hasFinancials ? _score : null;

    public Band? Band => _hasFinancials ? CreditStressScore.BandOf(_score) : null;

    /// <summary>The warm start for the next tick's <see cref="FundamentalsAssessment.EvaluateMarket"/>.</summary>
    public MertonGuess NextGuess => _merton.NextGuess;

    /// <summary>The <see cref="FundamentalsAssessment"/> that evaluated this tick, if any.</summary>
    internal object? Source { get; }

    /// <summary>The market-dependent flags (no_default_point, merton_not_converged).</summary>
    internal FlagSet Flags { get; }

    internal double DefaultInput => _defaultInput;

    internal double DefaultComponentPointsValue => _defaultComponentPoints;

    internal double ScoreValue => _score;

    internal MertonSolution Merton => _merton;

    internal static MarketAssessment WithoutFinancials(MarketState market, object? source) => new(market, source);
}

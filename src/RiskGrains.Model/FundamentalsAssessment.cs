using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>
/// Everything of an evaluation that depends only on the fundamentals (financial periods, commitments,
/// parameters): computed once per fundamentals change, immutable, and reused by every market tick.
/// A tick changes only docs/risk-model.md §2.3 and the default component of §3, which
/// <see cref="EvaluateMarket"/> computes without allocating;
/// <see cref="Compose"/> builds the full <see cref="RiskAssessment"/> when someone reads it.
/// </summary>
/// <remarks>
/// <c>Prepare(p, c, k).Compose(EvaluateMarket(m, default))</c> is <see cref="RiskModel.Evaluate"/> of
/// (p, c, m) under k: both run the same code. Immutable, so one instance may serve any number of threads.
/// </remarks>
public sealed class FundamentalsAssessment
{
    private readonly PreparedFundamentals _prepared;

    private FundamentalsAssessment(in PreparedFundamentals prepared) => _prepared = prepared;

    /// <summary>True when there is at least one financial period; else every metric and the score are absent.</summary>
    public bool HasFinancials => _prepared.HasFinancials;

    /// <summary>The KMV default point F (docs/risk-model.md §2.3); absent without financials.</summary>
    public double? DefaultPoint => _prepared.HasFinancials ? _prepared.DefaultPoint : null;

    /// <summary>The commitment-adjusted default point F_c (docs/risk-model.md §2.3); absent without financials.</summary>
    public double? CommitmentAdjustedDefaultPoint => _prepared.HasFinancials ? _prepared.CommitmentAdjustedDefaultPoint : null;

    /// <summary>
    /// The score before any market tick (four components, docs/risk-model.md §3), as <see cref="ComposeWithoutMarket"/>
    /// reports it, without building the record; absent without financials.
    /// </summary>
    public double? ScoreWithoutMarket => _prepared.HasFinancials ? _prepared.ScoreWithoutMarket : null;

    /// <summary>The band of <see cref="ScoreWithoutMarket"/>.</summary>
    public Band? BandWithoutMarket => _prepared.HasFinancials ? CreditStressScore.BandOf(_prepared.ScoreWithoutMarket) : null;

    /// <summary>
    /// The market-independent part of the evaluation of docs/risk-model.md §2 and §3: TTM figures, the
    /// commitment book, liquidity coverage, the runway, the default points, Altman Z'' and four score
    /// components. Never throws on valid inputs.
    /// </summary>
    public static FundamentalsAssessment Prepare(
        ImmutableArray<FinancialPeriod> periods,
        ImmutableArray<Commitment> commitments,
        ModelParameters parameters) => Prepare(periods, commitments, default, parameters);

    /// <summary>As <see cref="Prepare(ImmutableArray{FinancialPeriod}, ImmutableArray{Commitment}, ModelParameters)"/>, under the contagion of <paramref name="dependencies"/> (docs/risk-model.md §6).</summary>
    public static FundamentalsAssessment Prepare(
        ImmutableArray<FinancialPeriod> periods,
        ImmutableArray<Commitment> commitments,
        ImmutableArray<DependencyContribution> dependencies,
        ModelParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        PreparedFundamentals.Prepare(periods, commitments, dependencies, parameters, out var prepared);
        return new FundamentalsAssessment(in prepared);
    }

    /// <summary>
    /// One market tick (docs/risk-model.md §2.3 and the score of §3) against these fundamentals. Allocates
    /// nothing. Pass the previous tick's <see cref="MarketAssessment.NextGuess"/> as
    /// <paramref name="warmStart"/> (or <c>default</c> for a cold start); the Merton solve reaches the
    /// same root either way.
    /// </summary>
    public MarketAssessment EvaluateMarket(MarketState market, in MertonGuess warmStart)
    {
        ArgumentNullException.ThrowIfNull(market);
        return _prepared.EvaluateMarket(market, in warmStart, source: this);
    }

    /// <summary>The full assessment at the tick of <paramref name="market"/>. Allocates the record.</summary>
    /// <exception cref="ArgumentException"><paramref name="market"/> was not evaluated by this instance.</exception>
    public RiskAssessment Compose(in MarketAssessment market)
    {
        if (!ReferenceEquals(market.Source, this))
        {
            throw new ArgumentException(
                "the market assessment was not evaluated against these fundamentals; call EvaluateMarket on this instance",
                nameof(market));
        }

        return _prepared.Compose(in market);
    }

    /// <summary>The full assessment before any market tick: distances to default absent, four score components.</summary>
    public RiskAssessment ComposeWithoutMarket() => _prepared.ComposeWithoutMarket();
}

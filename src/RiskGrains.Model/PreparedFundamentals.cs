using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace RiskGrains.Model;

/// <summary>
/// The market-independent part of an evaluation (docs/risk-model.md §2, §2.1, §2.2, the default points of §2.3,
/// §2.4 and four of the five components of §3), as a value: a one-off evaluation keeps it on the stack,
/// <see cref="FundamentalsAssessment"/> keeps it for every tick. The one code path of the model:
/// <see cref="Prepare(in Fundamentals, ImmutableArray{Commitment}, ModelParameters, out PreparedFundamentals)"/>,
/// then <see cref="EvaluateMarket"/>, then <see cref="Compose"/>.
/// </summary>
internal struct PreparedFundamentals
{
    // docs/risk-model.md §3: the weights of the components used, with and without the default component.
    private const double WeightSumWithoutMarket = CreditStressScore.LeverageWeight + CreditStressScore.LiquidityWeight
        + CreditStressScore.RunwayWeight + CreditStressScore.CoverageWeight;

    private const double WeightSumWithMarket = WeightSumWithoutMarket + CreditStressScore.DefaultWeight;

    public bool HasFinancials;
    public int CommitmentCount;
    public Fundamentals Fundamentals;
    public FlagSet Flags;
    public ImmutableArray<double> PdHorizons;

    // docs/risk-model.md §6
    public ImmutableArray<DependencyContribution> Dependencies;
    public double ContagionHaircut;
    public NotMeaningfulBuffer NotMeaningful;
    public int NotMeaningfulCount;

    // docs/risk-model.md §2
    public double Liquidity;
    public double Debt;
    public double LeaseDebt;
    public double AdjustedDebt;
    public double NetDebt;
    public double AdjustedNetDebt;
    public double CommitmentsRemaining;
    public double CommitmentsDebtLike;
    public double WalkAwayLoss;
    public double LockInRatio;
    public double CommitmentAdjustedNetDebt;
    public double Committed12M;
    public double EbitdaTtm;
    public double? DebtToCash;
    public double? AdjustedDebtToCash;
    public double? GrossLeverage;
    public double? NetLeverage;
    public double? CommitmentAdjustedLeverage;
    public double? InterestCoverage;

    // docs/risk-model.md §2.1, §2.2
    public double Sources12M;
    public double Uses12M;
    public double LiquidityCoverage12M;
    public int RunwayMonths;
    public ImmutableArray<double> RunwayCash;

    // docs/risk-model.md §2.3, §2.4
    public double DefaultPoint;
    public double CommitmentAdjustedDefaultPoint;
    public double? AltmanZ;
    public AltmanZone AltmanZone;

    // docs/risk-model.md §3: the market-independent components.
    public double LeveragePoints;
    public double LiquidityPoints;
    public double RunwayPoints;
    public double CoveragePoints;
    public double ScoreWithoutMarket;

    /// <summary>The market-independent part for one company; without a financial period only the commitment count is known.</summary>
    public static void Prepare(
        ImmutableArray<FinancialPeriod> periods,
        ImmutableArray<Commitment> commitments,
        ImmutableArray<DependencyContribution> dependencies,
        ModelParameters parameters,
        out PreparedFundamentals prepared)
    {
        if (Fundamentals.TryCompute(periods, out var fundamentals))
        {
            fundamentals.ApplyContagion(Contagion.Haircut(dependencies));
            Prepare(in fundamentals, commitments, dependencies, parameters, out prepared);
        }
        else
        {
            WithoutFinancials(commitments, out prepared);
        }
    }

    public static void WithoutFinancials(ImmutableArray<Commitment> commitments, out PreparedFundamentals prepared)
    {
        prepared = default;
        prepared.CommitmentCount = commitments.IsDefault ? 0 : commitments.Length;
    }

    /// <summary>The market-independent part from TTM figures to which the contagion haircut of <paramref name="dependencies"/> was applied.</summary>
    public static void Prepare(
        in Fundamentals f,
        ImmutableArray<Commitment> commitments,
        ImmutableArray<DependencyContribution> dependencies,
        ModelParameters parameters,
        out PreparedFundamentals prepared)
    {
        prepared = default;
        prepared.HasFinancials = true;
        prepared.Fundamentals = f;
        prepared.PdHorizons = parameters.PdHorizonsYears;
        prepared.Dependencies = dependencies.IsDefault ? [] : dependencies;
        prepared.ContagionHaircut = Contagion.Haircut(dependencies);

        var p = f.Newest;
        var flags = f.PartialTtm ? FlagSet.PartialTtm : FlagSet.None;
        ref var notMeaningful = ref prepared.NotMeaningful;
        int notMeaningfulCount = 0;

        // docs/risk-model.md §2, balance sheet of the newest period.
        double liquidity = p.Cash + p.ShortTermInvestments;
        double debt = p.ShortTermDebt + p.LongTermDebt;
        double leaseDebt = p.OperatingLeaseLiabilities + p.FinanceLeaseLiabilities;
        double adjustedDebt = debt + leaseDebt;
        double adjustedNetDebt = adjustedDebt - liquidity;
        prepared.Liquidity = liquidity;
        prepared.Debt = debt;
        prepared.LeaseDebt = leaseDebt;
        prepared.AdjustedDebt = adjustedDebt;
        prepared.NetDebt = debt - liquidity;
        prepared.AdjustedNetDebt = adjustedNetDebt;

        // The commitment book and the debt schedule, bucketed by month after t0 (index 1..60).
        Span<double> outflows = stackalloc double[RiskModel.RunwayHorizonMonths + 1];
        outflows.Clear();
        var book = CommitmentBook.Of(commitments, p.DebtMaturities, f.T0, outflows);

        // An empty book (or one with nothing sunk or remaining) has no lock-in.
        double lockInDenominator = book.Sunk + book.Remaining;
        double commitmentAdjustedNetDebt = adjustedNetDebt + book.DebtLike;
        double committed12 = book.Committed12M;
        prepared.CommitmentCount = book.Count;
        prepared.CommitmentsRemaining = book.Remaining;
        prepared.CommitmentsDebtLike = book.DebtLike;
        prepared.WalkAwayLoss = book.WalkAwayLoss;
        prepared.LockInRatio = lockInDenominator > 0 ? book.WalkAwayLoss / lockInDenominator : 0.0;
        prepared.CommitmentAdjustedNetDebt = commitmentAdjustedNetDebt;
        prepared.Committed12M = committed12;

        double ebitda = f.EbitdaTtm * (1.0 - parameters.EbitdaHaircut);
        double ocf = f.OperatingCashFlowTtm;
        double interest = f.InterestExpenseTtm;
        prepared.EbitdaTtm = ebitda;

        if (liquidity > 0)
        {
            prepared.DebtToCash = debt / liquidity;
            prepared.AdjustedDebtToCash = adjustedDebt / liquidity;
        }
        else
        {
            flags |= FlagSet.LiquidityNotPositive;
            notMeaningful[notMeaningfulCount++] = new NotMeaningful(RiskModel.Metrics.DebtToCash, RiskFlags.LiquidityNotPositive);
            notMeaningful[notMeaningfulCount++] = new NotMeaningful(RiskModel.Metrics.AdjustedDebtToCash, RiskFlags.LiquidityNotPositive);
        }

        if (ebitda > 0)
        {
            prepared.GrossLeverage = adjustedDebt / ebitda;
            prepared.NetLeverage = adjustedNetDebt / ebitda;
            prepared.CommitmentAdjustedLeverage = commitmentAdjustedNetDebt / ebitda;
        }
        else
        {
            flags |= FlagSet.EbitdaNotPositive;
            notMeaningful[notMeaningfulCount++] = new NotMeaningful(RiskModel.Metrics.GrossLeverage, RiskFlags.EbitdaNotPositive);
            notMeaningful[notMeaningfulCount++] = new NotMeaningful(RiskModel.Metrics.NetLeverage, RiskFlags.EbitdaNotPositive);
            notMeaningful[notMeaningfulCount++] = new NotMeaningful(RiskModel.Metrics.CommitmentAdjustedLeverage, RiskFlags.EbitdaNotPositive);
        }

        if (interest > 0)
        {
            prepared.InterestCoverage = ebitda / interest;
        }
        else
        {
            flags |= FlagSet.InterestExpenseNotPositive;
            notMeaningful[notMeaningfulCount++] = new NotMeaningful(RiskModel.Metrics.InterestCoverage, RiskFlags.InterestExpenseNotPositive);
        }

        // docs/risk-model.md §2.1: sources and uses over 12 months, no refinancing.
        double ocfHaircut = parameters.OcfHaircut;
        double undrawn = parameters.CreditWindowClosed ? 0.0 : p.UndrawnCreditFacilities;
        double sources = liquidity + undrawn + (ocf > 0 ? ocf * (1.0 - ocfHaircut) : 0.0);
        double uses = p.ShortTermDebt + committed12 + Math.Max(0.0, -ocf);
        double liquidityCoverage;
        if (uses > 0)
        {
            liquidityCoverage = sources / uses;
        }
        else
        {
            liquidityCoverage = RiskModel.NoUsesCoverage;
            flags |= FlagSet.NoUses;
        }

        prepared.Sources12M = sources;
        prepared.Uses12M = uses;
        prepared.LiquidityCoverage12M = liquidityCoverage;

        // docs/risk-model.md §2.2: a cash burn is never haircut.
        double monthlyOcf = ocf > 0 ? ocf / 12.0 * (1.0 - ocfHaircut) : ocf / 12.0;
        int runwayMonths = DefensiveRunway(liquidity + undrawn, monthlyOcf, p.ShortTermDebt / 12.0, outflows, out prepared.RunwayCash);
        if (runwayMonths == RiskModel.RunwayHorizonMonths)
        {
            flags |= FlagSet.RunwayCapped;
        }

        prepared.RunwayMonths = runwayMonths;

        // docs/risk-model.md §2.3: the default points; the distances to default need a market.
        prepared.DefaultPoint = p.ShortTermDebt + (0.5 * p.LongTermDebt);
        prepared.CommitmentAdjustedDefaultPoint = prepared.DefaultPoint + book.DefaultPointLoad;

        // docs/risk-model.md §2.4: informational only, never part of the score.
        if (p.TotalAssets is { } ta && p.TotalLiabilities is { } tl && p.CurrentAssets is { } ca
            && p.CurrentLiabilities is { } cl && p.RetainedEarnings is { } re && f.EbitTtm is { } ebit
            && ta > 0 && tl > 0)
        {
            double z = (6.56 * (ca - cl) / ta) + (3.26 * re / ta) + (6.72 * ebit / ta) + (1.05 * (ta - tl) / tl);
            prepared.AltmanZ = z;
            prepared.AltmanZone = z > 2.60 ? AltmanZone.Safe : z >= 1.10 ? AltmanZone.Grey : AltmanZone.Distress;
            flags |= FlagSet.Informational;
        }

        // docs/risk-model.md §3: the four components that need no market.
        prepared.LeveragePoints = prepared.CommitmentAdjustedLeverage is { } cal
            ? CreditStressScore.LeveragePoints(cal)
            : commitmentAdjustedNetDebt > 0 ? 100.0 : 0.0;
        prepared.LiquidityPoints = CreditStressScore.LiquidityPoints(liquidityCoverage);
        prepared.RunwayPoints = CreditStressScore.RunwayPoints(runwayMonths);
        prepared.CoveragePoints = prepared.InterestCoverage is { } ic ? CreditStressScore.CoveragePoints(ic) : 0.0;
        prepared.ScoreWithoutMarket = prepared.Score(defaultPoints: null);

        prepared.Flags = flags;
        prepared.NotMeaningfulCount = notMeaningfulCount;
    }

    /// <summary>
    /// docs/risk-model.md §2.3 and the default component of §3 for one tick. Allocates nothing.
    /// <paramref name="source"/> marks the result for <see cref="FundamentalsAssessment.Compose"/>.
    /// </summary>
    public readonly MarketAssessment EvaluateMarket(MarketState market, in MertonGuess warmStart, object? source)
    {
        if (!HasFinancials)
        {
            return MarketAssessment.WithoutFinancials(market, source);
        }

        double equity = market.MarketCap;
        double sigmaE = market.EquityVolatility;
        double drift = market.EquityReturn1Y ?? market.RiskFreeRate;
        var flags = FlagSet.None;
        if (!(DefaultPoint > 0))
        {
            flags |= FlagSet.NoDefaultPoint;
        }

        double naive = DistanceToDefault.Naive(equity, sigmaE, DefaultPoint, drift);
        double naiveAdjusted = DistanceToDefault.Naive(equity, sigmaE, CommitmentAdjustedDefaultPoint, drift);
        double pdAdjusted = NormalDistribution.Cdf(-naiveAdjusted);
        var merton = DistanceToDefault.Solve(equity, sigmaE, DefaultPoint, market.RiskFreeRate, drift, 1.0, in warmStart);
        if (DefaultPoint > 0 && !merton.Converged)
        {
            flags |= FlagSet.MertonNotConverged;
        }

        double defaultInput = Math.Log10(pdAdjusted);
        double defaultPoints = CreditStressScore.DefaultPoints(defaultInput);
        return new MarketAssessment(
            market,
            source,
            naive,
            NormalDistribution.Cdf(-naive),
            naiveAdjusted,
            pdAdjusted,
            in merton,
            defaultInput,
            defaultPoints,
            Score(defaultPoints),
            flags);
    }

    /// <summary>The full assessment at one tick.</summary>
    public readonly RiskAssessment Compose(in MarketAssessment market) => Build(hasMarket: true, in market);

    /// <summary>The full assessment before any tick: no distance to default, four components.</summary>
    public readonly RiskAssessment ComposeWithoutMarket() => Build(hasMarket: false, default);

    /// <summary>The market-independent part, then a tick when there is one.</summary>
    public readonly RiskAssessment Assess(MarketState? market) =>
        market is null ? ComposeWithoutMarket() : Compose(EvaluateMarket(market, default, source: null));

    private readonly RiskAssessment Build(bool hasMarket, in MarketAssessment market)
    {
        if (!HasFinancials)
        {
            return RiskModel.WithoutFinancials(CommitmentCount, hasMarket);
        }

        var flags = Flags | (hasMarket ? market.Flags : FlagSet.NoMarketData);
        var notMeaningful = NotMeaningful;
        int notMeaningfulCount = NotMeaningfulCount;
        if ((flags & FlagSet.NoDefaultPoint) != 0)
        {
            notMeaningful[notMeaningfulCount++] = new NotMeaningful(RiskModel.Metrics.MertonDistanceToDefault, RiskFlags.NoDefaultPoint);
        }
        else if ((flags & FlagSet.MertonNotConverged) != 0)
        {
            notMeaningful[notMeaningfulCount++] = new NotMeaningful(RiskModel.Metrics.MertonDistanceToDefault, RiskFlags.MertonNotConverged);
        }

        // docs/risk-model.md §5: composed for a reader only, so a tick does not pay for it. Without a
        // market state it is absent as the distances to default are (the no_market_data flag says why).
        var termStructure = ImmutableArray<PdPoint>.Empty;
        if (hasMarket && !(CommitmentAdjustedDefaultPoint > 0))
        {
            notMeaningful[notMeaningfulCount++] = new NotMeaningful(RiskModel.Metrics.PdTermStructure, RiskFlags.NoDefaultPoint);
        }
        else if (hasMarket && market.Market is { } tick)
        {
            termStructure = PdTermStructure.Evaluate(
                tick.MarketCap, tick.EquityVolatility, CommitmentAdjustedDefaultPoint, tick.EquityReturn1Y ?? tick.RiskFreeRate, PdHorizons);
        }

        // docs/risk-model.md §3: the components that have inputs, weights renormalised over them.
        double weightSum = hasMarket ? WeightSumWithMarket : WeightSumWithoutMarket;
        var components = new ComponentScore[hasMarket ? 5 : 4];
        int k = 0;
        if (hasMarket)
        {
            components[k++] = Component(CreditStressScore.Default, market.DefaultInput, market.DefaultComponentPointsValue, CreditStressScore.DefaultWeight, weightSum);
        }

        components[k++] = Component(CreditStressScore.Leverage, CommitmentAdjustedLeverage, LeveragePoints, CreditStressScore.LeverageWeight, weightSum);
        components[k++] = Component(CreditStressScore.Liquidity, LiquidityCoverage12M, LiquidityPoints, CreditStressScore.LiquidityWeight, weightSum);
        components[k++] = Component(CreditStressScore.Runway, RunwayMonths, RunwayPoints, CreditStressScore.RunwayWeight, weightSum);
        components[k] = Component(CreditStressScore.Coverage, InterestCoverage, CoveragePoints, CreditStressScore.CoverageWeight, weightSum);

        double score = hasMarket ? market.ScoreValue : ScoreWithoutMarket;
        var merton = market.Merton;
        return new RiskAssessment
        {
            T0 = Fundamentals.T0,
            Periods = Fundamentals.PeriodCount,
            WindowStart = Fundamentals.WindowStart,
            TtmMonths = Fundamentals.TtmMonths,
            Commitments = CommitmentCount,
            HasMarketData = hasMarket,

            Liquidity = Liquidity,
            Debt = Debt,
            LeaseDebt = LeaseDebt,
            AdjustedDebt = AdjustedDebt,
            DebtToCash = DebtToCash,
            AdjustedDebtToCash = AdjustedDebtToCash,
            NetDebt = NetDebt,
            AdjustedNetDebt = AdjustedNetDebt,
            CommitmentsRemaining = CommitmentsRemaining,
            CommitmentsDebtLike = CommitmentsDebtLike,
            WalkAwayLoss = WalkAwayLoss,
            LockInRatio = LockInRatio,
            CommitmentAdjustedNetDebt = CommitmentAdjustedNetDebt,
            GrossLeverage = GrossLeverage,
            NetLeverage = NetLeverage,
            CommitmentAdjustedLeverage = CommitmentAdjustedLeverage,
            InterestCoverage = InterestCoverage,
            FreeCashFlowTtm = Fundamentals.OperatingCashFlowTtm - Fundamentals.CapexTtm,
            Committed12M = Committed12M,
            RevenueTtm = Fundamentals.RevenueTtm,
            EbitdaTtm = EbitdaTtm,
            OperatingCashFlowTtm = Fundamentals.OperatingCashFlowTtm,
            CapexTtm = Fundamentals.CapexTtm,
            InterestExpenseTtm = Fundamentals.InterestExpenseTtm,

            Sources12M = Sources12M,
            Uses12M = Uses12M,
            LiquidityCoverage12M = LiquidityCoverage12M,

            RunwayMonths = RunwayMonths,
            RunwayCash = RunwayCash,

            DefaultPoint = DefaultPoint,
            CommitmentAdjustedDefaultPoint = CommitmentAdjustedDefaultPoint,
            DistanceToDefault = market.DistanceToDefault,
            DefaultProbability = market.DefaultProbability,
            CommitmentAdjustedDistanceToDefault = market.CommitmentAdjustedDistanceToDefault,
            CommitmentAdjustedDefaultProbability = market.CommitmentAdjustedDefaultProbability,
            Merton = hasMarket ? merton.ToResult() : null,
            PdTermStructure = termStructure,
            ContagionHaircut = ContagionHaircut,
            Dependencies = Dependencies,

            AltmanZ = AltmanZ,
            AltmanZone = AltmanZone,

            Score = score,
            Band = CreditStressScore.BandOf(score),
            Components = ImmutableCollectionsMarshal.AsImmutableArray(components),
            Flags = RiskFlags.ToArray(flags),
            NotMeaningful = notMeaningfulCount == 0
                ? []
                : ImmutableCollectionsMarshal.AsImmutableArray(((ReadOnlySpan<NotMeaningful>)notMeaningful)[..notMeaningfulCount].ToArray()),
        };
    }

    /// <summary>
    /// docs/risk-model.md §3: the weighted points of the components used, the default one only with a market;
    /// summed in the order the components are reported, so the contributions add up to the score.
    /// </summary>
    private readonly double Score(double? defaultPoints)
    {
        double weightSum = defaultPoints is null ? WeightSumWithoutMarket : WeightSumWithMarket;
        double score = defaultPoints is { } points ? Contribution(CreditStressScore.DefaultWeight, points, weightSum) : 0.0;
        score += Contribution(CreditStressScore.LeverageWeight, LeveragePoints, weightSum);
        score += Contribution(CreditStressScore.LiquidityWeight, LiquidityPoints, weightSum);
        score += Contribution(CreditStressScore.RunwayWeight, RunwayPoints, weightSum);
        score += Contribution(CreditStressScore.CoverageWeight, CoveragePoints, weightSum);
        return Math.Clamp(score, 0.0, 100.0);
    }

    /// <summary>
    /// docs/risk-model.md §2.2: month by month until cash goes negative, from <paramref name="cash"/> at t0.
    /// Returns the runway in months (60 when it never runs out) and the cash path up to the month it does.
    /// </summary>
    private static int DefensiveRunway(
        double cash,
        double monthlyOcf,
        double monthlyShortTermDebt,
        ReadOnlySpan<double> outflows,
        out ImmutableArray<double> cashPath)
    {
        Span<double> path = stackalloc double[RiskModel.RunwayHorizonMonths + 1];
        path[0] = cash;
        int month = 1;
        for (; month <= RiskModel.RunwayHorizonMonths; month++)
        {
            // The running balance stays in a register: reading it back from the path stalls every month.
            cash = cash + monthlyOcf - outflows[month];
            if (month <= 12)
            {
                cash -= monthlyShortTermDebt;
            }

            path[month] = cash;
            if (cash < 0)
            {
                cashPath = ImmutableCollectionsMarshal.AsImmutableArray(path[..(month + 1)].ToArray());
                return month - 1;
            }
        }

        cashPath = ImmutableCollectionsMarshal.AsImmutableArray(path.ToArray());
        return RiskModel.RunwayHorizonMonths;
    }

    // The reported weight is the renormalised one, so contribution = weight × points.
    private static ComponentScore Component(string name, double? input, double points, double weight, double weightSum) =>
        new(name, input, points, weight / weightSum, Contribution(weight, points, weightSum));

    private static double Contribution(double weight, double points, double weightSum) => weight * points / weightSum;

    /// <summary>The commitment book of docs/risk-model.md §2 and its load on the default point (§2.3), summed in one pass.</summary>
    private struct CommitmentBook
    {
        public int Count;
        public double Remaining;
        public double DebtLike;
        public double WalkAwayLoss;
        public double Sunk;
        public double Committed12M;
        public double DefaultPointLoad;

        /// <summary>Sums the book and adds every payment and debt maturity to the outflows of its month (1..60).</summary>
        public static CommitmentBook Of(
            ImmutableArray<Commitment> commitments,
            ImmutableArray<DatedAmount> debtMaturities,
            DateOnly t0,
            Span<double> outflows)
        {
            var calendar = new MonthCalendar(t0);
            var book = default(CommitmentBook);
            book.Count = commitments.IsDefault ? 0 : commitments.Length;
            for (int i = 0; i < book.Count; i++)
            {
                var c = commitments[i];
                double remaining = 0, pay12 = 0;
                var payments = c.Payments.IsDefault ? [] : c.Payments;
                for (int j = 0; j < payments.Length; j++)
                {
                    var payment = payments[j];
                    int month = calendar.MonthIndex(payment.Date);
                    remaining += payment.Amount;
                    if (month <= 12)
                    {
                        pay12 += payment.Amount;
                    }

                    if (month <= RiskModel.RunwayHorizonMonths)
                    {
                        outflows[month] += payment.Amount;
                    }
                }

                double debtLike = remaining * (c.Cancellable ? c.CancellationPenalty : 1.0);
                book.Remaining += remaining;
                book.DebtLike += debtLike;
                book.WalkAwayLoss += (c.Sunk * (1.0 - c.SalvageFraction)) + debtLike;
                book.Sunk += c.Sunk;
                book.Committed12M += pay12;

                // docs/risk-model.md §2.3: the year's payments in full, the rest of the debt-like part at one half.
                book.DefaultPointLoad += pay12 + (0.5 * Math.Max(0.0, debtLike - pay12));
            }

            // A maturity dated on or before t0 is still outstanding, so like a payment it falls in month 1.
            var maturities = debtMaturities.IsDefault ? [] : debtMaturities;
            for (int j = 0; j < maturities.Length; j++)
            {
                int month = calendar.MonthIndex(maturities[j].Date);
                if (month <= RiskModel.RunwayHorizonMonths)
                {
                    outflows[month] += maturities[j].Amount;
                }
            }

            return book;
        }
    }
}

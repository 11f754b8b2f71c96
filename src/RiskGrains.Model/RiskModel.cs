using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace RiskGrains.Model;

/// <summary>The credit-risk model of RISK-MODEL.md: pure functions over immutable inputs.</summary>
public static partial class RiskModel
{
    /// <summary>Months of the defensive runway before it is reported as capped (RISK-MODEL §2.2).</summary>
    public const int RunwayHorizonMonths = 60;

    /// <summary>Liquidity coverage reported when there are no uses (RISK-MODEL §2.1).</summary>
    public const double NoUsesCoverage = 99.0;

    /// <summary>
    /// Every metric of RISK-MODEL §2 and the score of §3 for one company. With no financial period
    /// the metrics and the score are absent; the call never throws on valid inputs.
    /// </summary>
    public static RiskAssessment Evaluate(CompanyInputs inputs, ModelParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!Fundamentals.TryCompute(inputs.Periods, out var fundamentals))
        {
            return WithoutFinancials(inputs.Commitments, inputs.Market);
        }

        return Assess(in fundamentals, inputs.Commitments, inputs.Market, parameters);
    }

    private static RiskAssessment WithoutFinancials(ImmutableArray<Commitment> commitments, MarketState? market) => new()
    {
        Commitments = commitments.IsDefault ? 0 : commitments.Length,
        HasMarketData = market is not null,
        Flags = RiskFlags.ToArray(FlagSet.NoFinancialPeriods),
    };

    private static RiskAssessment Assess(
        in Fundamentals f,
        ImmutableArray<Commitment> commitments,
        MarketState? market,
        ModelParameters parameters)
    {
        var p = f.Newest;
        var t0 = f.T0;
        var calendar = new MonthCalendar(t0);
        var flags = f.PartialTtm ? FlagSet.PartialTtm : FlagSet.None;
        var notMeaningful = default(NotMeaningfulBuffer);
        int notMeaningfulCount = 0;

        // RISK-MODEL §2, balance sheet of the newest period.
        double liquidity = p.Cash + p.ShortTermInvestments;
        double debt = p.ShortTermDebt + p.LongTermDebt;
        double leaseDebt = p.OperatingLeaseLiabilities + p.FinanceLeaseLiabilities;
        double adjustedDebt = debt + leaseDebt;
        double netDebt = debt - liquidity;
        double adjustedNetDebt = adjustedDebt - liquidity;

        // The commitment book and the debt schedule, bucketed by month after t0 (index 1..60).
        Span<double> outflows = stackalloc double[RunwayHorizonMonths + 1];
        outflows.Clear();
        double remainingSum = 0, debtLikeSum = 0, walkAwayLoss = 0, sunkSum = 0, committed12 = 0, commitmentLoad = 0;
        int commitmentCount = commitments.IsDefault ? 0 : commitments.Length;
        for (int i = 0; i < commitmentCount; i++)
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

                if (month <= RunwayHorizonMonths)
                {
                    outflows[month] += payment.Amount;
                }
            }

            double debtLike = remaining * (c.Cancellable ? c.CancellationPenalty : 1.0);
            remainingSum += remaining;
            debtLikeSum += debtLike;
            walkAwayLoss += (c.Sunk * (1.0 - c.SalvageFraction)) + debtLike;
            sunkSum += c.Sunk;
            committed12 += pay12;

            // RISK-MODEL §2.3: the year's payments in full, the rest of the debt-like part at one half.
            commitmentLoad += pay12 + (0.5 * Math.Max(0.0, debtLike - pay12));
        }

        // A maturity dated on or before t0 is still outstanding, so like a payment it falls in month 1.
        var maturities = p.DebtMaturities.IsDefault ? [] : p.DebtMaturities;
        for (int j = 0; j < maturities.Length; j++)
        {
            int month = calendar.MonthIndex(maturities[j].Date);
            if (month <= RunwayHorizonMonths)
            {
                outflows[month] += maturities[j].Amount;
            }
        }

        // An empty book (or one with nothing sunk or remaining) has no lock-in.
        double lockInDenominator = sunkSum + remainingSum;
        double lockInRatio = lockInDenominator > 0 ? walkAwayLoss / lockInDenominator : 0.0;
        double commitmentAdjustedNetDebt = adjustedNetDebt + debtLikeSum;

        double ebitda = f.EbitdaTtm * (1.0 - parameters.EbitdaHaircut);
        double ocf = f.OperatingCashFlowTtm;
        double interest = f.InterestExpenseTtm;

        double? debtToCash = null, adjustedDebtToCash = null;
        if (liquidity > 0)
        {
            debtToCash = debt / liquidity;
            adjustedDebtToCash = adjustedDebt / liquidity;
        }
        else
        {
            flags |= FlagSet.LiquidityNotPositive;
            notMeaningful[notMeaningfulCount++] = new NotMeaningful(Metrics.DebtToCash, RiskFlags.LiquidityNotPositive);
            notMeaningful[notMeaningfulCount++] = new NotMeaningful(Metrics.AdjustedDebtToCash, RiskFlags.LiquidityNotPositive);
        }

        double? grossLeverage = null, netLeverage = null, commitmentAdjustedLeverage = null;
        if (ebitda > 0)
        {
            grossLeverage = adjustedDebt / ebitda;
            netLeverage = adjustedNetDebt / ebitda;
            commitmentAdjustedLeverage = commitmentAdjustedNetDebt / ebitda;
        }
        else
        {
            flags |= FlagSet.EbitdaNotPositive;
            notMeaningful[notMeaningfulCount++] = new NotMeaningful(Metrics.GrossLeverage, RiskFlags.EbitdaNotPositive);
            notMeaningful[notMeaningfulCount++] = new NotMeaningful(Metrics.NetLeverage, RiskFlags.EbitdaNotPositive);
            notMeaningful[notMeaningfulCount++] = new NotMeaningful(Metrics.CommitmentAdjustedLeverage, RiskFlags.EbitdaNotPositive);
        }

        double? interestCoverage = null;
        if (interest > 0)
        {
            interestCoverage = ebitda / interest;
        }
        else
        {
            flags |= FlagSet.InterestExpenseNotPositive;
            notMeaningful[notMeaningfulCount++] = new NotMeaningful(Metrics.InterestCoverage, RiskFlags.InterestExpenseNotPositive);
        }

        // RISK-MODEL §2.1: sources and uses over 12 months, no refinancing.
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
            liquidityCoverage = NoUsesCoverage;
            flags |= FlagSet.NoUses;
        }

        // RISK-MODEL §2.2: month by month until cash goes negative; a cash burn is never haircut.
        double monthlyOcf = ocf > 0 ? ocf / 12.0 * (1.0 - ocfHaircut) : ocf / 12.0;
        double monthlyShortTermDebt = p.ShortTermDebt / 12.0;
        Span<double> cashPath = stackalloc double[RunwayHorizonMonths + 1];
        cashPath[0] = liquidity + undrawn;
        int runwayMonths = RunwayHorizonMonths;
        int lastMonth = RunwayHorizonMonths;
        bool ranOut = false;
        for (int m = 1; m <= RunwayHorizonMonths; m++)
        {
            double cash = cashPath[m - 1] + monthlyOcf - outflows[m];
            if (m <= 12)
            {
                cash -= monthlyShortTermDebt;
            }

            cashPath[m] = cash;
            if (cash < 0)
            {
                runwayMonths = m - 1;
                lastMonth = m;
                ranOut = true;
                break;
            }
        }

        if (!ranOut)
        {
            flags |= FlagSet.RunwayCapped;
        }

        // RISK-MODEL §2.3: default points and distances to default.
        double defaultPoint = p.ShortTermDebt + (0.5 * p.LongTermDebt);
        double adjustedDefaultPoint = defaultPoint + commitmentLoad;
        double? dd = null, pd = null, ddAdjusted = null, pdAdjusted = null;
        MertonResult? merton = null;
        if (market is not null)
        {
            double equity = market.MarketCap;
            double sigmaE = market.EquityVolatility;
            double drift = market.EquityReturn1Y ?? market.RiskFreeRate;
            if (!(defaultPoint > 0))
            {
                flags |= FlagSet.NoDefaultPoint;
                notMeaningful[notMeaningfulCount++] = new NotMeaningful(Metrics.MertonDistanceToDefault, RiskFlags.NoDefaultPoint);
            }

            double naive = DistanceToDefault.Naive(equity, sigmaE, defaultPoint, drift);
            double naiveAdjusted = DistanceToDefault.Naive(equity, sigmaE, adjustedDefaultPoint, drift);
            dd = naive;
            pd = NormalDistribution.Cdf(-naive);
            ddAdjusted = naiveAdjusted;
            pdAdjusted = NormalDistribution.Cdf(-naiveAdjusted);
            merton = DistanceToDefault.Merton(equity, sigmaE, defaultPoint, market.RiskFreeRate, drift);
            if (defaultPoint > 0 && !merton.Converged)
            {
                flags |= FlagSet.MertonNotConverged;
                notMeaningful[notMeaningfulCount++] = new NotMeaningful(Metrics.MertonDistanceToDefault, RiskFlags.MertonNotConverged);
            }
        }
        else
        {
            flags |= FlagSet.NoMarketData;
        }

        // RISK-MODEL §2.4: informational only, never part of the score.
        double? altmanZ = null;
        var altmanZone = AltmanZone.None;
        if (p.TotalAssets is { } ta && p.TotalLiabilities is { } tl && p.CurrentAssets is { } ca
            && p.CurrentLiabilities is { } cl && p.RetainedEarnings is { } re && f.EbitTtm is { } ebit
            && ta > 0 && tl > 0)
        {
            double z = (6.56 * (ca - cl) / ta) + (3.26 * re / ta) + (6.72 * ebit / ta) + (1.05 * (ta - tl) / tl);
            altmanZ = z;
            altmanZone = z > 2.60 ? AltmanZone.Safe : z >= 1.10 ? AltmanZone.Grey : AltmanZone.Distress;
            flags |= FlagSet.Informational;
        }

        // RISK-MODEL §3: the components that have inputs, weights renormalised over them.
        double defaultInput = pdAdjusted is { } pdc ? Math.Log10(pdc) : 0.0;
        double defaultPoints = pdAdjusted is not null ? CreditStressScore.DefaultPoints(defaultInput) : 0.0;
        double leveragePoints = commitmentAdjustedLeverage is { } cal
            ? CreditStressScore.LeveragePoints(cal)
            : commitmentAdjustedNetDebt > 0 ? 100.0 : 0.0;
        double liquidityPoints = CreditStressScore.LiquidityPoints(liquidityCoverage);
        double runwayPoints = CreditStressScore.RunwayPoints(runwayMonths);
        double coveragePoints = interestCoverage is { } ic ? CreditStressScore.CoveragePoints(ic) : 0.0;

        double weightSum = CreditStressScore.LeverageWeight + CreditStressScore.LiquidityWeight
            + CreditStressScore.RunwayWeight + CreditStressScore.CoverageWeight;
        if (pdAdjusted is not null)
        {
            weightSum += CreditStressScore.DefaultWeight;
        }

        var components = new ComponentScore[pdAdjusted is not null ? 5 : 4];
        int k = 0;
        if (pdAdjusted is not null)
        {
            components[k++] = Component(CreditStressScore.Default, defaultInput, defaultPoints, CreditStressScore.DefaultWeight, weightSum);
        }

        components[k++] = Component(CreditStressScore.Leverage, commitmentAdjustedLeverage, leveragePoints, CreditStressScore.LeverageWeight, weightSum);
        components[k++] = Component(CreditStressScore.Liquidity, liquidityCoverage, liquidityPoints, CreditStressScore.LiquidityWeight, weightSum);
        components[k++] = Component(CreditStressScore.Runway, runwayMonths, runwayPoints, CreditStressScore.RunwayWeight, weightSum);
        components[k] = Component(CreditStressScore.Coverage, interestCoverage, coveragePoints, CreditStressScore.CoverageWeight, weightSum);

        // The score is the sum of the contributions, so they add up to it exactly.
        double score = 0;
        for (int i = 0; i < components.Length; i++)
        {
            score += components[i].Contribution;
        }

        score = Math.Clamp(score, 0.0, 100.0);

        return new RiskAssessment
        {
            T0 = t0,
            Periods = f.PeriodCount,
            WindowStart = f.WindowStart,
            TtmMonths = f.TtmMonths,
            Commitments = commitmentCount,
            HasMarketData = market is not null,

            Liquidity = liquidity,
            Debt = debt,
            LeaseDebt = leaseDebt,
            AdjustedDebt = adjustedDebt,
            DebtToCash = debtToCash,
            AdjustedDebtToCash = adjustedDebtToCash,
            NetDebt = netDebt,
            AdjustedNetDebt = adjustedNetDebt,
            CommitmentsRemaining = remainingSum,
            CommitmentsDebtLike = debtLikeSum,
            WalkAwayLoss = walkAwayLoss,
            LockInRatio = lockInRatio,
            CommitmentAdjustedNetDebt = commitmentAdjustedNetDebt,
            GrossLeverage = grossLeverage,
            NetLeverage = netLeverage,
            CommitmentAdjustedLeverage = commitmentAdjustedLeverage,
            InterestCoverage = interestCoverage,
            FreeCashFlowTtm = ocf - f.CapexTtm,
            Committed12M = committed12,
            RevenueTtm = f.RevenueTtm,
            EbitdaTtm = ebitda,
            OperatingCashFlowTtm = ocf,
            CapexTtm = f.CapexTtm,
            InterestExpenseTtm = interest,

            Sources12M = sources,
            Uses12M = uses,
            LiquidityCoverage12M = liquidityCoverage,

            RunwayMonths = runwayMonths,
            RunwayCash = ImmutableCollectionsMarshal.AsImmutableArray(cashPath[..(lastMonth + 1)].ToArray()),

            DefaultPoint = defaultPoint,
            CommitmentAdjustedDefaultPoint = adjustedDefaultPoint,
            DistanceToDefault = dd,
            DefaultProbability = pd,
            CommitmentAdjustedDistanceToDefault = ddAdjusted,
            CommitmentAdjustedDefaultProbability = pdAdjusted,
            Merton = merton,

            AltmanZ = altmanZ,
            AltmanZone = altmanZone,

            Score = score,
            Band = CreditStressScore.BandOf(score),
            Components = ImmutableCollectionsMarshal.AsImmutableArray(components),
            Flags = RiskFlags.ToArray(flags),
            NotMeaningful = notMeaningfulCount == 0
                ? []
                : ImmutableCollectionsMarshal.AsImmutableArray(((ReadOnlySpan<NotMeaningful>)notMeaningful)[..notMeaningfulCount].ToArray()),
        };
    }

    private static ComponentScore Component(string name, double? input, double points, double weight, double weightSum)
    {
        // The reported weight is the renormalised one, so contribution = weight × points.
        double effectiveWeight = weight / weightSum;
        return new ComponentScore(name, input, points, effectiveWeight, weight * points / weightSum);
    }

    /// <summary>Metric names as reported in <see cref="NotMeaningful"/> entries (snake_case, as in RISK-MODEL §2).</summary>
    public static class Metrics
    {
        public const string DebtToCash = "debt_to_cash";
        public const string AdjustedDebtToCash = "adjusted_debt_to_cash";
        public const string GrossLeverage = "gross_leverage";
        public const string NetLeverage = "net_leverage";
        public const string CommitmentAdjustedLeverage = "commitment_adjusted_leverage";
        public const string InterestCoverage = "interest_coverage";
        public const string MertonDistanceToDefault = "merton_distance_to_default";
    }
}

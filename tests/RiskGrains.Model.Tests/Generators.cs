using System.Collections.Immutable;
using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;

namespace RiskGrains.Model.Tests;

/// <summary>
/// Valid inputs of docs/risk-model.md §1. Amounts carry full 53-bit mantissas so that no sum cancels to
/// exactly zero by coincidence, and equity volatility stays within 5%..120% a year.
/// </summary>
public static class Generators
{
    private static readonly DateOnly[] T0s = [new(2025, 6, 30), new(2024, 12, 31), new(2025, 2, 28), new(2025, 3, 31), new(2023, 9, 30)];

    public static Arbitrary<GeneratedCompany> Companies() => Arb.From(Company);

    public static Gen<GeneratedCompany> Company =>
        from t0 in Gen.Elements(T0s)
        from periods in Periods(t0)
        from commitments in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(CommitmentGen(t0), n))
        from hasMarket in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from market in MarketGen
        select new GeneratedCompany(new CompanyInputs(
            periods,
            [.. commitments.Select((c, i) => c with { Id = "c" + i })],
            hasMarket ? market : null));

    /// <summary>A uniform double in [0, 1) with a full mantissa.</summary>
    public static Gen<double> Unit =>
        from hi in Gen.Choose(0, (1 << 26) - 1)
        from lo in Gen.Choose(0, (1 << 27) - 1)
        select ((hi * (double)(1 << 27)) + lo) / (1L << 53);

    public static Gen<double> Between(double low, double high) => Unit.Select(u => low + (u * (high - low)));

    /// <summary>A money amount in [low, high): 0 where it would fall below the smallest amount the input rules take.</summary>
    public static Gen<double> Money(double low, double high) =>
        Between(low, high).Select(x => Math.Abs(x) < NumberRule.MinMoney ? 0 : x);

    /// <summary>A stock: zero sometimes, else up to 10^k for a random magnitude k, never below the smallest money amount.</summary>
    public static Gen<double> Stock =>
        Gen.Frequency(
            (1, Gen.Constant(0.0)),
            (5, from u in Between(NumberRule.MinMoney, 1) from k in Gen.Choose(0, 4) select u * Math.Pow(10, k)));

    private static Gen<double> Flow => Money(-300, 500);

    private static Gen<double> Outflow => Gen.Frequency((1, Gen.Constant(0.0)), (5, Money(0, 200)));

    private static Gen<ImmutableArray<FinancialPeriod>> Periods(DateOnly t0) =>
        from months in Gen.ListOf(Gen.Elements(3, 3, 3, 3, 1, 6, 12), 8).Select(l => l.ToArray())
        from count in Gen.Choose(1, 8)
        from stocks in Gen.ArrayOf(Stock, 7)
        from flows in Gen.ArrayOf(Gen.ArrayOf(Flow, 2), 8)
        from outflows in Gen.ArrayOf(Gen.ArrayOf(Outflow, 4), 8)
        from maturities in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Dated(t0), n))
        from altman in Gen.ArrayOf(Between(1, 2000), 5)
        from ebit in Gen.ArrayOf(Money(-100, 300), 8)
        from withAltman in Gen.Elements(true, false)
        select Build(t0, months, count, stocks, flows, outflows, maturities, altman, ebit, withAltman);

    private static ImmutableArray<FinancialPeriod> Build(
        DateOnly t0,
        int[] months,
        int count,
        double[] stocks,
        double[][] flows,
        double[][] outflows,
        DatedAmount[] maturities,
        double[] altman,
        double[] ebit,
        bool withAltman)
    {
        var periods = new FinancialPeriod[count];
        var end = t0;
        for (int i = 0; i < count; i++)
        {
            // i = 0 is the newest period; older periods carry scaled-down stocks that must not matter.
            double f = i == 0 ? 1.0 : 0.5;
            periods[count - 1 - i] = new FinancialPeriod
            {
                PeriodEnd = end,
                PeriodMonths = months[i],
                Cash = stocks[0] * f,
                ShortTermInvestments = stocks[1] * f,
                ShortTermDebt = stocks[2] * f,
                LongTermDebt = stocks[3] * f,
                OperatingLeaseLiabilities = stocks[4] * f,
                FinanceLeaseLiabilities = stocks[5] * f,
                UndrawnCreditFacilities = stocks[6] * f,
                Ebitda = flows[i][0],
                OperatingCashFlow = flows[i][1],
                Revenue = outflows[i][0] * 5,
                Capex = outflows[i][1],
                InterestExpense = outflows[i][2] / 4,
                ShareholderReturns = outflows[i][3],
                DebtMaturities = i == 0 ? [.. maturities] : [],
                TotalAssets = withAltman ? altman[0] + altman[1] : null,
                TotalLiabilities = withAltman ? altman[1] : null,
                CurrentAssets = withAltman ? altman[2] : null,
                CurrentLiabilities = withAltman ? altman[3] : null,
                RetainedEarnings = withAltman ? altman[4] - 1000 : null,
                Ebit = withAltman ? ebit[i] : null,
            };
            end = end.AddMonths(-months[i]);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(periods);
    }

    private static Gen<DatedAmount> Dated(DateOnly t0) =>
        from days in Gen.Choose(-90, 2200)
        from amount in Between(0.01, 400)
        select new DatedAmount(t0.AddDays(days), amount);

    private static Gen<Commitment> CommitmentGen(DateOnly t0) =>
        from payments in Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Dated(t0), n))
        from cancellable in Gen.Elements(true, false)
        from penalty in Unit
        from sunk in Gen.Frequency((1, Gen.Constant(0.0)), (3, Money(0, 500)))
        from salvage in Unit
        select new Commitment
        {
            Id = "c",
            Kind = CommitmentKind.DataCenter,
            Payments = [.. payments],
            Cancellable = cancellable,
            CancellationPenalty = cancellable ? penalty : 1,
            Sunk = sunk,
            SalvageFraction = salvage,
        };

    /// <summary>A non-cancellable commitment with at least one payment.</summary>
    public static Arbitrary<NewCommitment> NewCommitments() => Arb.From(
        from days in Gen.ArrayOf(Gen.Choose(-90, 2200), 3)
        from amounts in Gen.ArrayOf(Between(0.01, 400), 3)
        from count in Gen.Choose(1, 3)
        from sunk in Money(0, 300)
        select new NewCommitment(days[..count], amounts[..count], sunk));

    private static Gen<MarketState> MarketGen =>
        from cap in Between(5, 20000)
        from vol in Between(0.05, 1.2)
        from rate in Between(-0.01, 0.08)
        from hasDrift in Gen.Elements(true, false)
        from drift in Between(-0.3, 0.3)
        select new MarketState(cap, vol, rate, hasDrift ? drift : null, DateTimeOffset.UnixEpoch);

    /// <summary>
    /// A stream of market ticks: mostly small moves (0.2%), some larger ones (5%), a few crashes or
    /// spikes (50%) and now and then an unrelated market, as a warm-started tick path must survive.
    /// </summary>
    public static Arbitrary<TickSequence> TickSequences() => Arb.From(
        from start in MarketGen
        from count in Gen.Choose(1, 12)
        from moves in Gen.ArrayOf(Moves, count)
        select new TickSequence(Walk(start, moves)));

    private static Gen<TickMove> Moves =>
        from size in Gen.Frequency((6, Gen.Constant(0.002)), (3, Gen.Constant(0.05)), (1, Gen.Constant(0.5)))
        from price in Between(-1, 1)
        from volatility in Between(-1, 1)
        from rateBps in Between(-10, 10)
        from fresh in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        from other in MarketGen
        select new TickMove(size * price, size * volatility, rateBps, fresh ? other : null);

    private static MarketState[] Walk(MarketState start, TickMove[] moves)
    {
        var ticks = new MarketState[moves.Length];
        var market = start;
        for (int i = 0; i < moves.Length; i++)
        {
            var move = moves[i];
            market = move.Replacement ?? market with
            {
                MarketCap = market.MarketCap * Math.Exp(move.LogPrice),
                EquityVolatility = Math.Clamp(market.EquityVolatility * Math.Exp(move.LogVolatility), 0.05, 1.2),
                RiskFreeRate = market.RiskFreeRate + (move.RateBps / 1e4),
                AsOf = market.AsOf.AddSeconds(1),
            };
            ticks[i] = market;
        }

        return ticks;
    }

    private sealed record TickMove(double LogPrice, double LogVolatility, double RateBps, MarketState? Replacement);

    /// <summary>A positive cash injection with a full mantissa.</summary>
    public static Arbitrary<ExtraCash> ExtraCashes() => Arb.From(Between(0.001, 5000).Select(x => new ExtraCash(x)));
}

using System.Collections.Immutable;
using RiskGrains.Model;

namespace RiskGrains.Benchmarks;

/// <summary>
/// A hyperscaler-sized company in the middle of an AI build-out (USD millions): 8 quarterly
/// periods, 20 commitments of 12 monthly payments each, and a market tick. The figures are
/// plausible, not sourced; the shape is what the benchmarks measure.
/// </summary>
public static class AiBuildOutCompany
{
    public const int PeriodCount = 8;
    public const int CommitmentCount = 20;
    public const int PaymentsPerCommitment = 12;

    /// <summary>The newest period end (t0).</summary>
    public static readonly DateOnly T0 = new(2025, 9, 30);

    public static CompanyInputs Inputs() => new(Periods(), Commitments(), Market());

    /// <summary>Eight consecutive quarters ending at t0, oldest first, growing about 4% a quarter.</summary>
    public static ImmutableArray<FinancialPeriod> Periods()
    {
        var builder = ImmutableArray.CreateBuilder<FinancialPeriod>(PeriodCount);
        for (int q = PeriodCount - 1; q >= 0; q--)
        {
            var end = QuarterEnd(T0, -q);
            double growth = Math.Pow(1.04, PeriodCount - 1 - q);
            builder.Add(new FinancialPeriod
            {
                PeriodEnd = end,
                PeriodMonths = 3,
                Cash = 18_000 * growth,
                ShortTermInvestments = 55_000,
                ShortTermDebt = 8_000,
                LongTermDebt = 45_000 + (2_000 * (PeriodCount - 1 - q)),
                OperatingLeaseLiabilities = 15_000,
                FinanceLeaseLiabilities = 20_000 * growth,
                UndrawnCreditFacilities = 10_000,
                Revenue = 60_000 * growth,
                Ebitda = 30_000 * growth,
                OperatingCashFlow = 26_000 * growth,
                Capex = 18_000 * growth * growth,
                InterestExpense = 600,
                ShareholderReturns = 9_000,

                // One note inside the year and one beyond it, as a 10-K maturity table reads.
                DebtMaturities =
                [
                    new DatedAmount(end.AddMonths(5), 3_000),
                    new DatedAmount(end.AddMonths(20), 4_500),
                ],
                TotalAssets = 480_000 * growth,
                TotalLiabilities = 230_000 * growth,
                CurrentAssets = 150_000,
                CurrentLiabilities = 105_000,
                RetainedEarnings = 170_000 * growth,
                Ebit = 24_000 * growth,
                Source = "benchmark: synthetic quarter " + end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        return builder.MoveToImmutable();
    }

    /// <summary>
    /// Twenty commitments of twelve monthly payments, starting in months 1 to 28 after t0. Every third
    /// is cancellable at a 20–50% penalty, the rest are not; every fourth has spent money (sunk) with
    /// a salvage value.
    /// </summary>
    public static ImmutableArray<Commitment> Commitments()
    {
        var kinds = new[] { CommitmentKind.Chips, CommitmentKind.DataCenter, CommitmentKind.Power, CommitmentKind.LeaseNotCommenced, CommitmentKind.Other };
        var builder = ImmutableArray.CreateBuilder<Commitment>(CommitmentCount);
        for (int i = 0; i < CommitmentCount; i++)
        {
            int firstMonth = 1 + ((i % 10) * 3);
            double monthly = 150 + (25 * i);
            var payments = ImmutableArray.CreateBuilder<DatedAmount>(PaymentsPerCommitment);
            for (int m = 0; m < PaymentsPerCommitment; m++)
            {
                payments.Add(new DatedAmount(MonthEnd(T0, firstMonth + m), monthly));
            }

            bool cancellable = i % 3 == 0;
            bool started = i % 4 == 0;
            builder.Add(new Commitment
            {
                Id = "commitment-" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture),
                Counterparty = "counterparty-" + (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Kind = kinds[i % kinds.Length],
                Payments = payments.MoveToImmutable(),
                Cancellable = cancellable,
                CancellationPenalty = cancellable ? 0.2 + (0.1 * (i % 4)) : 1.0,
                Sunk = started ? 400 + (50 * i) : 0,
                SalvageFraction = started ? 0.25 : 0,
                Source = "benchmark: synthetic commitment",
            });
        }

        return builder.MoveToImmutable();
    }

    /// <summary>
    /// A mega-cap tick: $400B market cap, 45% volatility, 4.3% rate, 25% trailing return. F/E is about
    /// 0.09, far enough from zero that the Merton solve iterates rather than accepting its first guess.
    /// </summary>
    public static MarketState Market() =>
        new(400_000, 0.45, 0.043, 0.25, new DateTimeOffset(2025, 10, 1, 21, 0, 0, TimeSpan.Zero));

    private static DateOnly QuarterEnd(DateOnly t0, int quartersAfter) => MonthEnd(t0, 3 * quartersAfter);

    private static DateOnly MonthEnd(DateOnly from, int monthsAfter)
    {
        var first = new DateOnly(from.Year, from.Month, 1).AddMonths(monthsAfter);
        return new DateOnly(first.Year, first.Month, DateTime.DaysInMonth(first.Year, first.Month));
    }
}

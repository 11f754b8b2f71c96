using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class CommitmentBookTests
{
    [Fact]
    public void Commitment_metrics_follow_cancellability_sunk_cost_and_salvage()
    {
        var a = Evaluate(Inputs(BaseQuarters(), null, CommitmentA(), CommitmentB()));

        // A: remaining 60, all debt-like; walk-away 50 × 0.8 + 60. B: remaining 48, debt-like 48 × 0.25.
        Assert.Equal(2, a.Commitments);
        Assert.Equal(108, a.CommitmentsRemaining);
        Assert.Equal(72, a.CommitmentsDebtLike);
        Assert.Equal(112, a.WalkAwayLoss);
        Assert.Equal(112.0 / 158.0, a.LockInRatio!.Value, 12);
        Assert.Equal(110 + 72, a.CommitmentAdjustedNetDebt);
        Assert.Equal(1.82, a.CommitmentAdjustedLeverage!.Value, 12);
        Assert.Equal(1.1, a.NetLeverage!.Value, 12);
    }

    [Fact]
    public void Committed_12m_counts_payments_before_t0_and_in_months_1_to_12_only()
    {
        var a = Evaluate(Inputs(BaseQuarters(), null, CommitmentA(), CommitmentB()));

        // A: 10 (before t0) + 20 (month 10); B: 8 (month 2). 30 (month 24) and 40 (month 15) fall later.
        Assert.Equal(38, a.Committed12M);
    }

    [Fact]
    public void A_cancellable_commitment_without_penalty_is_not_debt_like()
    {
        var free = CommitmentB() with { CancellationPenalty = 0 };

        var a = Evaluate(Inputs(BaseQuarters(), null, free));

        Assert.Equal(48, a.CommitmentsRemaining);
        Assert.Equal(0, a.CommitmentsDebtLike);
        Assert.Equal(0, a.WalkAwayLoss);
        Assert.Equal(0, a.LockInRatio);
        Assert.Equal(8, a.Committed12M);
    }

    [Fact]
    public void A_non_cancellable_commitment_ignores_its_penalty_field()
    {
        var a = Evaluate(Inputs(BaseQuarters(), null, CommitmentA() with { CancellationPenalty = 0.1 }));

        Assert.Equal(60, a.CommitmentsDebtLike);
    }

    [Fact]
    public void A_fully_paid_project_is_all_lock_in_of_its_unsalvageable_sunk_cost()
    {
        var paid = new Commitment { Id = "done", Sunk = 200, SalvageFraction = 0.25 };

        var a = Evaluate(Inputs(BaseQuarters(), null, paid));

        Assert.Equal(0, a.CommitmentsRemaining);
        Assert.Equal(150, a.WalkAwayLoss);
        Assert.Equal(0.75, a.LockInRatio!.Value, 12);
    }

    [Theory]
    [InlineData(2025, 6, 30, 1)]
    [InlineData(2024, 1, 1, 1)]
    [InlineData(2025, 7, 1, 1)]
    [InlineData(2025, 7, 30, 1)]
    [InlineData(2025, 7, 31, 2)]
    [InlineData(2025, 12, 30, 6)]
    [InlineData(2025, 12, 31, 7)]
    [InlineData(2026, 2, 28, 8)]
    [InlineData(2026, 6, 30, 12)]
    [InlineData(2026, 7, 1, 13)]
    [InlineData(2030, 6, 30, 60)]
    [InlineData(2030, 7, 1, 61)]
    public void Month_m_after_t0_is_the_interval_after_t0_plus_m_minus_1_months_up_to_t0_plus_m_months(
        int year, int month, int day, int expected)
    {
        Assert.Equal(expected, MonthCalendar.MonthIndex(T0, new DateOnly(year, month, day)));
    }

    [Theory]
    [InlineData(2025, 2, 28, 2025, 3, 28, 1)]
    [InlineData(2025, 2, 28, 2025, 3, 29, 2)]
    [InlineData(2025, 1, 31, 2025, 2, 28, 1)]
    [InlineData(2025, 1, 31, 2025, 3, 1, 2)]
    [InlineData(2025, 1, 31, 2025, 3, 31, 2)]
    [InlineData(2024, 12, 31, 2025, 2, 28, 2)]
    public void Month_boundaries_clamp_to_the_end_of_shorter_months(
        int t0Year, int t0Month, int t0Day, int year, int month, int day, int expected)
    {
        var t0 = new DateOnly(t0Year, t0Month, t0Day);

        Assert.Equal(expected, MonthCalendar.MonthIndex(t0, new DateOnly(year, month, day)));
    }

    [Theory]
    [InlineData(2025, 6, 30)]
    [InlineData(2025, 1, 31)]
    [InlineData(2024, 2, 29)]
    [InlineData(2025, 3, 15)]
    [InlineData(2024, 12, 1)]
    public void Month_index_agrees_with_adding_calendar_months_for_every_day_of_five_years(int year, int month, int day)
    {
        var t0 = new DateOnly(year, month, day);
        var calendar = new MonthCalendar(t0);

        for (var date = t0.AddDays(1); date <= t0.AddYears(5); date = date.AddDays(1))
        {
            int m = calendar.MonthIndex(date);
            Assert.True(t0.AddMonths(m - 1) < date && date <= t0.AddMonths(m), $"{date} put in month {m} after {t0}");
        }
    }

    [Fact]
    public void Month_index_agrees_with_adding_calendar_months_for_every_t0_of_a_leap_cycle_and_the_year_2100()
    {
        // The tabulated calendar estimates the month from the day count; check every t0 it could meet.
        var t0s = Enumerable.Range(0, 4 * 365 + 1).Select(d => new DateOnly(2023, 1, 1).AddDays(d))
            .Concat(Enumerable.Range(0, 400).Select(d => new DateOnly(2099, 12, 1).AddDays(d)));
        foreach (var t0 in t0s)
        {
            var calendar = new MonthCalendar(t0);
            var end = t0.AddMonths(62);
            int m = 1;
            for (var date = t0.AddDays(1); date <= end; date = date.AddDays(1))
            {
                while (date > t0.AddMonths(m))
                {
                    m++;
                }

                if (calendar.MonthIndex(date) != m)
                {
                    Assert.Fail($"{date} put in month {calendar.MonthIndex(date)} after {t0}, expected {m}");
                }
            }

            Assert.Equal(1, calendar.MonthIndex(t0));
            Assert.Equal(1, calendar.MonthIndex(t0.AddDays(-400)));
        }
    }

    [Fact]
    public void Month_index_near_the_end_of_the_calendar_takes_the_arithmetic_path()
    {
        var t0 = new DateOnly(9997, 6, 30);

        Assert.Equal(1, MonthCalendar.MonthIndex(t0, new DateOnly(9997, 7, 30)));
        Assert.Equal(2, MonthCalendar.MonthIndex(t0, new DateOnly(9997, 7, 31)));
        Assert.Equal(31, MonthCalendar.MonthIndex(t0, new DateOnly(9999, 12, 31)));
    }
}

using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>One reported period of the rolling balance sheet (docs/risk-model.md §1).</summary>
public sealed record FinancialPeriod
{
    public required DateOnly PeriodEnd { get; init; }
    public int PeriodMonths { get; init; } = 3;

    public double Cash { get; init; }
    public double ShortTermInvestments { get; init; }
    public double ShortTermDebt { get; init; }
    public double LongTermDebt { get; init; }
    public double OperatingLeaseLiabilities { get; init; }
    public double FinanceLeaseLiabilities { get; init; }
    public double UndrawnCreditFacilities { get; init; }

    public double Revenue { get; init; }
    public double Ebitda { get; init; }
    public double OperatingCashFlow { get; init; }
    public double Capex { get; init; }
    public double InterestExpense { get; init; }
    public double ShareholderReturns { get; init; }

    public ImmutableArray<DatedAmount> DebtMaturities { get; init; } = [];

    // Altman Z'' inputs (docs/risk-model.md §2.4); all six or the score is absent.
    public double? TotalAssets { get; init; }
    public double? TotalLiabilities { get; init; }
    public double? CurrentAssets { get; init; }
    public double? CurrentLiabilities { get; init; }
    public double? RetainedEarnings { get; init; }
    public double? Ebit { get; init; }

    /// <summary>Where the figures come from; carried, never computed on.</summary>
    public string Source { get; init; } = "";

    // A record compares an ImmutableArray by reference; two periods are the same when every figure is.
    public bool Equals(FinancialPeriod? other) =>
        other is not null
        && PeriodEnd == other.PeriodEnd
        && PeriodMonths == other.PeriodMonths
        && Cash.Equals(other.Cash)
        && ShortTermInvestments.Equals(other.ShortTermInvestments)
        && ShortTermDebt.Equals(other.ShortTermDebt)
        && LongTermDebt.Equals(other.LongTermDebt)
        && OperatingLeaseLiabilities.Equals(other.OperatingLeaseLiabilities)
        && FinanceLeaseLiabilities.Equals(other.FinanceLeaseLiabilities)
        && UndrawnCreditFacilities.Equals(other.UndrawnCreditFacilities)
        && Revenue.Equals(other.Revenue)
        && Ebitda.Equals(other.Ebitda)
        && OperatingCashFlow.Equals(other.OperatingCashFlow)
        && Capex.Equals(other.Capex)
        && InterestExpense.Equals(other.InterestExpense)
        && ShareholderReturns.Equals(other.ShareholderReturns)
        && DebtMaturities.AsSpan().SequenceEqual(other.DebtMaturities.AsSpan())
        && TotalAssets.Equals(other.TotalAssets)
        && TotalLiabilities.Equals(other.TotalLiabilities)
        && CurrentAssets.Equals(other.CurrentAssets)
        && CurrentLiabilities.Equals(other.CurrentLiabilities)
        && RetainedEarnings.Equals(other.RetainedEarnings)
        && Ebit.Equals(other.Ebit)
        && Source == other.Source;

    public override int GetHashCode() => HashCode.Combine(PeriodEnd, PeriodMonths, Cash, Revenue, DebtMaturities.Length);
}

using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>A company's identity (docs/risk-model.md §1).</summary>
public sealed record CompanyProfile(string Id, string Name, string Sector, string Currency);

/// <summary>An amount of money falling due on a calendar date.</summary>
public readonly record struct DatedAmount(DateOnly Date, double Amount);

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

public enum CommitmentKind
{
    Other = 0,
    Chips = 1,
    DataCenter = 2,
    LeaseNotCommenced = 3,
    Power = 4,
}

/// <summary>One capex commitment of the commitment book (docs/risk-model.md §1).</summary>
public sealed record Commitment
{
    public required string Id { get; init; }
    public string Counterparty { get; init; } = "";
    public CommitmentKind Kind { get; init; } = CommitmentKind.Other;
    public ImmutableArray<DatedAmount> Payments { get; init; } = [];
    public bool Cancellable { get; init; }
    public double CancellationPenalty { get; init; } = 1;
    public double Sunk { get; init; }
    public double SalvageFraction { get; init; }
    public string Source { get; init; } = "";

    // A record compares an ImmutableArray by reference; two commitments are the same when every term is.
    public bool Equals(Commitment? other) =>
        other is not null
        && Id == other.Id
        && Counterparty == other.Counterparty
        && Kind == other.Kind
        && Payments.AsSpan().SequenceEqual(other.Payments.AsSpan())
        && Cancellable == other.Cancellable
        && CancellationPenalty.Equals(other.CancellationPenalty)
        && Sunk.Equals(other.Sunk)
        && SalvageFraction.Equals(other.SalvageFraction)
        && Source == other.Source;

    public override int GetHashCode() => HashCode.Combine(Id, Kind, Payments.Length, Sunk);
}

/// <summary>The live market inputs of a company, replaced by every newer tick (docs/risk-model.md §1).</summary>
public sealed record MarketState(
    double MarketCap,
    double EquityVolatility,
    double RiskFreeRate,
    double? EquityReturn1Y,
    DateTimeOffset AsOf);

/// <summary>Everything the model reads for one company.</summary>
/// <param name="Periods">The rolling window, any order; the model sorts by period end.</param>
public sealed record CompanyInputs(
    ImmutableArray<FinancialPeriod> Periods,
    ImmutableArray<Commitment> Commitments,
    MarketState? Market);

/// <summary>Model settings and scenario levers (docs/risk-model.md §2.1, §2.2, §4); defaults are the base case.</summary>
public sealed record ModelParameters
{
    public static ModelParameters Default { get; } = new();

    public int WindowQuarters { get; init; } = 8;
    public double OcfHaircut { get; init; }
    public double EbitdaHaircut { get; init; }
    public bool CreditWindowClosed { get; init; }
}

using RiskGrains.Model;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Cli;

/// <summary>The inputs an import read (the model's records) as the contract's messages, field for field.</summary>
public static class Inputs
{
    public static V1.CompanyProfile Profile(CompanyProfile p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new V1.CompanyProfile { CompanyId = p.Id, Name = p.Name, Sector = p.Sector, Currency = p.Currency };
    }

    public static V1.FinancialPeriod Period(FinancialPeriod p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var period = new V1.FinancialPeriod
        {
            PeriodEnd = Date(p.PeriodEnd),
            PeriodMonths = p.PeriodMonths,
            Cash = p.Cash,
            ShortTermInvestments = p.ShortTermInvestments,
            ShortTermDebt = p.ShortTermDebt,
            LongTermDebt = p.LongTermDebt,
            OperatingLeaseLiabilities = p.OperatingLeaseLiabilities,
            FinanceLeaseLiabilities = p.FinanceLeaseLiabilities,
            UndrawnCreditFacilities = p.UndrawnCreditFacilities,
            Revenue = p.Revenue,
            Ebitda = p.Ebitda,
            OperatingCashFlow = p.OperatingCashFlow,
            Capex = p.Capex,
            InterestExpense = p.InterestExpense,
            ShareholderReturns = p.ShareholderReturns,
            Source = p.Source,
        };
        period.DebtMaturities.AddRange(p.DebtMaturities.Select(d => new V1.DebtMaturity { MaturityDate = Date(d.Date), Amount = d.Amount }));
        if (p.TotalAssets is { } totalAssets)
        {
            period.TotalAssets = totalAssets;
        }

        if (p.TotalLiabilities is { } totalLiabilities)
        {
            period.TotalLiabilities = totalLiabilities;
        }

        if (p.CurrentAssets is { } currentAssets)
        {
            period.CurrentAssets = currentAssets;
        }

        if (p.CurrentLiabilities is { } currentLiabilities)
        {
            period.CurrentLiabilities = currentLiabilities;
        }

        if (p.RetainedEarnings is { } retainedEarnings)
        {
            period.RetainedEarnings = retainedEarnings;
        }

        if (p.Ebit is { } ebit)
        {
            period.Ebit = ebit;
        }

        return period;
    }

    public static V1.Commitment Commitment(Commitment c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var commitment = new V1.Commitment
        {
            CommitmentId = c.Id,
            Counterparty = c.Counterparty,
            Kind = c.Kind switch
            {
                CommitmentKind.Chips => V1.CommitmentKind.Chips,
                CommitmentKind.DataCenter => V1.CommitmentKind.DataCenter,
                CommitmentKind.LeaseNotCommenced => V1.CommitmentKind.LeaseNotCommenced,
                CommitmentKind.Power => V1.CommitmentKind.Power,
                _ => V1.CommitmentKind.Other,
            },
            Cancellable = c.Cancellable,
            CancellationPenalty = c.CancellationPenalty,
            Sunk = c.Sunk,
            SalvageFraction = c.SalvageFraction,
            Source = c.Source,
        };
        commitment.Payments.AddRange(c.Payments.Select(p => new V1.Payment { DueDate = Date(p.Date), Amount = p.Amount }));
        return commitment;
    }

    public static V1.Date Date(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };
}

using System.Collections.Immutable;
using Google.Protobuf.WellKnownTypes;
using RiskGrains.Grains;
using RiskGrains.Model;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// Maps the contract to the domain and back. Reading a request collects every offending field
/// (proto field paths), so a client sees all its mistakes at once.
/// </summary>
internal static class ProtoMapping
{
    public static string CompanyId(string? id, string path, List<FieldError> errors)
    {
        errors.AddRange(InputRules.ValidateCompanyId(id, path));
        return id ?? "";
    }

    public static CompanyProfile? ToDomain(V1.CompanyProfile? profile, string path, List<FieldError> errors)
    {
        if (profile is null)
        {
            errors.Add(new FieldError(path, "is required"));
            return null;
        }

        var domain = new CompanyProfile(profile.CompanyId, profile.Name, profile.Sector, profile.Currency);
        foreach (var error in InputRules.ValidateProfile(domain, path))
        {
            // The contract names the id field company_id.
            errors.Add(error.Field == $"{path}.id" ? error with { Field = $"{path}.company_id" } : error);
        }

        return domain;
    }

    public static ImmutableArray<FinancialPeriod> ToDomain(IList<V1.FinancialPeriod> periods, string path, List<FieldError> errors)
    {
        if (periods.Count == 0)
        {
            errors.Add(new FieldError(path, "must hold at least one period"));
        }

        var result = ImmutableArray.CreateBuilder<FinancialPeriod>(periods.Count);
        var seen = new HashSet<DateOnly>();
        for (var i = 0; i < periods.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var p = periods[i];
            var end = Date(p.PeriodEnd, $"{itemPath}.period_end", errors);
            if (end is { } e && !seen.Add(e))
            {
                errors.Add(new FieldError($"{itemPath}.period_end", "appears twice in one request"));
            }

            var maturities = ImmutableArray.CreateBuilder<DatedAmount>(p.DebtMaturities.Count);
            for (var j = 0; j < p.DebtMaturities.Count; j++)
            {
                var m = p.DebtMaturities[j];
                var date = Date(m.MaturityDate, $"{itemPath}.debt_maturities[{j}].maturity_date", errors);
                maturities.Add(new DatedAmount(date ?? default, m.Amount));
            }

            var period = new FinancialPeriod
            {
                PeriodEnd = end ?? default,
                PeriodMonths = p.PeriodMonths == 0 ? 3 : p.PeriodMonths,
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
                DebtMaturities = maturities.MoveToImmutable(),
                TotalAssets = p.HasTotalAssets ? p.TotalAssets : null,
                TotalLiabilities = p.HasTotalLiabilities ? p.TotalLiabilities : null,
                CurrentAssets = p.HasCurrentAssets ? p.CurrentAssets : null,
                CurrentLiabilities = p.HasCurrentLiabilities ? p.CurrentLiabilities : null,
                RetainedEarnings = p.HasRetainedEarnings ? p.RetainedEarnings : null,
                Ebit = p.HasEbit ? p.Ebit : null,
                Source = p.Source,
            };
            errors.AddRange(InputRules.ValidatePeriod(period, itemPath));
            result.Add(period);
        }

        return result.MoveToImmutable();
    }

    public static Commitment? ToDomain(V1.Commitment? commitment, string path, List<FieldError> errors)
    {
        if (commitment is null)
        {
            errors.Add(new FieldError(path, "is required"));
            return null;
        }

        var payments = ImmutableArray.CreateBuilder<DatedAmount>(commitment.Payments.Count);
        for (var i = 0; i < commitment.Payments.Count; i++)
        {
            var payment = commitment.Payments[i];
            var due = Date(payment.DueDate, $"{path}.payments[{i}].due_date", errors);
            payments.Add(new DatedAmount(due ?? default, payment.Amount));
        }

        var kind = commitment.Kind switch
        {
            V1.CommitmentKind.Chips => CommitmentKind.Chips,
            V1.CommitmentKind.DataCenter => CommitmentKind.DataCenter,
            V1.CommitmentKind.LeaseNotCommenced => CommitmentKind.LeaseNotCommenced,
            V1.CommitmentKind.Power => CommitmentKind.Power,
            V1.CommitmentKind.Other or V1.CommitmentKind.Unspecified => CommitmentKind.Other,
            _ => (CommitmentKind)(-1),
        };

        var domain = new Commitment
        {
            Id = commitment.CommitmentId,
            Counterparty = commitment.Counterparty,
            Kind = kind,
            Payments = payments.MoveToImmutable(),
            Cancellable = commitment.Cancellable,

            // RISK-MODEL §1: a non-cancellable commitment has penalty 1, whatever was sent.
            CancellationPenalty = commitment.Cancellable ? commitment.CancellationPenalty : 1,
            Sunk = commitment.Sunk,
            SalvageFraction = commitment.SalvageFraction,
            Source = commitment.Source,
        };
        errors.AddRange(InputRules.ValidateCommitment(domain, path));
        if (!commitment.Cancellable && !(commitment.CancellationPenalty is >= 0 and <= 1))
        {
            errors.Add(new FieldError($"{path}.cancellation_penalty", "must be between 0 and 1"));
        }

        return domain;
    }

    public static MarketTick? ToDomain(V1.MarketData? market, string path, List<FieldError> errors)
    {
        if (market is null)
        {
            errors.Add(new FieldError(path, "is required"));
            return null;
        }

        CompanyId(market.CompanyId, $"{path}.company_id", errors);
        if (market.AsOf is null)
        {
            errors.Add(new FieldError($"{path}.as_of", "is required"));
        }

        var asOf = market.AsOf is null ? DateTimeOffset.MinValue : TimestampToDateTimeOffset(market.AsOf, $"{path}.as_of", errors);
        var tick = new MarketTick(
            market.MarketCap,
            market.EquityVolatility,
            market.RiskFreeRate,
            market.HasEquityReturn1Y ? market.EquityReturn1Y : null,
            asOf);
        errors.AddRange(InputRules.ValidateMarket(tick.ToMarketState(), path));
        return tick;
    }

    /// <summary>
    /// The hot path of a market feed: reads a well-formed tick with no allocation. False means
    /// something is wrong; <see cref="ToDomain(V1.MarketData?, string, List{FieldError})"/> then names it.
    /// </summary>
    public static bool TryReadTick(V1.MarketData? market, out MarketTick tick)
    {
        tick = default;
        if (market?.AsOf is not { } asOf
            || !InputRules.IsValidCompanyId(market.CompanyId)
            || !(market.MarketCap > 0 && double.IsFinite(market.MarketCap))
            || !(market.EquityVolatility > 0 && double.IsFinite(market.EquityVolatility))
            || !double.IsFinite(market.RiskFreeRate)
            || (market.HasEquityReturn1Y && !double.IsFinite(market.EquityReturn1Y))
            || asOf.Seconds is < -62135596800L or > 253402300799L
            || asOf.Nanos is < 0 or > 999_999_999)
        {
            return false;
        }

        var time = DateTimeOffset.UnixEpoch.AddTicks((asOf.Seconds * TimeSpan.TicksPerSecond) + (asOf.Nanos / 100));
        tick = new MarketTick(market.MarketCap, market.EquityVolatility, market.RiskFreeRate, market.HasEquityReturn1Y ? market.EquityReturn1Y : null, time);
        return true;
    }

    private static DateOnly? Date(V1.Date? date, string path, List<FieldError> errors)
    {
        if (date is null)
        {
            errors.Add(new FieldError(path, "is required"));
            return null;
        }

        if (date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1 || date.Day > DateTime.DaysInMonth(Math.Clamp(date.Year, 1, 9999), Math.Clamp(date.Month, 1, 12)))
        {
            errors.Add(new FieldError(path, $"is not a calendar date ({date.Year:D4}-{date.Month:D2}-{date.Day:D2})"));
            return null;
        }

        return new DateOnly(date.Year, date.Month, date.Day);
    }

    private static DateTimeOffset TimestampToDateTimeOffset(Timestamp timestamp, string path, List<FieldError> errors)
    {
        try
        {
            return timestamp.ToDateTimeOffset();
        }
        catch (ArgumentException)
        {
            errors.Add(new FieldError(path, "is not a valid timestamp"));
            return DateTimeOffset.MinValue;
        }
    }

    public static V1.Date ToProto(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    public static V1.Band ToProto(Band? band) => band switch
    {
        Band.Low => V1.Band.Low,
        Band.Moderate => V1.Band.Moderate,
        Band.Elevated => V1.Band.Elevated,
        Band.High => V1.Band.High,
        Band.Severe => V1.Band.Severe,
        _ => V1.Band.Unspecified,
    };

    public static Band? ToDomain(V1.Band band) => band switch
    {
        V1.Band.Low => Band.Low,
        V1.Band.Moderate => Band.Moderate,
        V1.Band.Elevated => Band.Elevated,
        V1.Band.High => Band.High,
        V1.Band.Severe => Band.Severe,
        _ => null,
    };

    public static V1.ChangeCause ToProto(ChangeCause cause) => cause switch
    {
        ChangeCause.Snapshot => V1.ChangeCause.Snapshot,
        ChangeCause.Profile => V1.ChangeCause.Profile,
        ChangeCause.Financials => V1.ChangeCause.Financials,
        ChangeCause.Restatement => V1.ChangeCause.Restatement,
        ChangeCause.Commitment => V1.ChangeCause.Commitment,
        ChangeCause.Market => V1.ChangeCause.Market,
        ChangeCause.Contagion => V1.ChangeCause.Contagion,
        _ => V1.ChangeCause.Unspecified,
    };

    public static V1.RiskUpdate ToUpdate(RiskSnapshot snapshot, ChangeCause? cause = null) => new()
    {
        Risk = ToProto(snapshot),
        Cause = ToProto(cause ?? snapshot.Cause),
        TraceId = snapshot.TraceId,
    };

    public static V1.CompanyRisk ToProto(RiskSnapshot snapshot)
    {
        var a = snapshot.Assessment;
        var risk = new V1.CompanyRisk
        {
            CompanyId = snapshot.CompanyId,
            Version = snapshot.Version,
            AsOf = Timestamp.FromDateTimeOffset(snapshot.AsOf),
            Silo = snapshot.Silo,
            Profile = new V1.CompanyProfile
            {
                CompanyId = snapshot.Profile.Id,
                Name = snapshot.Profile.Name,
                Sector = snapshot.Profile.Sector,
                Currency = snapshot.Profile.Currency,
            },
            Band = ToProto(a.Band),
            AltmanZone = a.AltmanZone switch
            {
                AltmanZone.Safe => V1.AltmanZone.Safe,
                AltmanZone.Grey => V1.AltmanZone.Grey,
                AltmanZone.Distress => V1.AltmanZone.Distress,
                _ => V1.AltmanZone.Unspecified,
            },
            Inputs = new V1.InputSummary
            {
                Periods = a.Periods,
                TtmMonths = a.TtmMonths,
                Commitments = a.Commitments,
                HasMarketData = a.HasMarketData,
            },
        };
        if (a.T0 is { } t0)
        {
            risk.T0 = ToProto(t0);
            risk.Inputs.WindowEnd = ToProto(t0);
        }

        if (a.WindowStart is { } start)
        {
            risk.Inputs.WindowStart = ToProto(start);
        }

        if (snapshot.MarketAsOf is { } marketAsOf)
        {
            risk.Inputs.MarketAsOf = Timestamp.FromDateTimeOffset(marketAsOf);
        }

        Set(a.Liquidity, risk, static (r, v) => r.Liquidity = v);
        Set(a.Debt, risk, static (r, v) => r.Debt = v);
        Set(a.LeaseDebt, risk, static (r, v) => r.LeaseDebt = v);
        Set(a.AdjustedDebt, risk, static (r, v) => r.AdjustedDebt = v);
        Set(a.DebtToCash, risk, static (r, v) => r.DebtToCash = v);
        Set(a.AdjustedDebtToCash, risk, static (r, v) => r.AdjustedDebtToCash = v);
        Set(a.NetDebt, risk, static (r, v) => r.NetDebt = v);
        Set(a.AdjustedNetDebt, risk, static (r, v) => r.AdjustedNetDebt = v);
        Set(a.CommitmentsRemaining, risk, static (r, v) => r.CommitmentsRemaining = v);
        Set(a.CommitmentsDebtLike, risk, static (r, v) => r.CommitmentsDebtLike = v);
        Set(a.WalkAwayLoss, risk, static (r, v) => r.WalkAwayLoss = v);
        Set(a.LockInRatio, risk, static (r, v) => r.LockInRatio = v);
        Set(a.CommitmentAdjustedNetDebt, risk, static (r, v) => r.CommitmentAdjustedNetDebt = v);
        Set(a.GrossLeverage, risk, static (r, v) => r.GrossLeverage = v);
        Set(a.NetLeverage, risk, static (r, v) => r.NetLeverage = v);
        Set(a.CommitmentAdjustedLeverage, risk, static (r, v) => r.CommitmentAdjustedLeverage = v);
        Set(a.InterestCoverage, risk, static (r, v) => r.InterestCoverage = v);
        Set(a.FreeCashFlowTtm, risk, static (r, v) => r.FreeCashFlowTtm = v);
        Set(a.Committed12M, risk, static (r, v) => r.Committed12M = v);
        Set(a.RevenueTtm, risk, static (r, v) => r.RevenueTtm = v);
        Set(a.EbitdaTtm, risk, static (r, v) => r.EbitdaTtm = v);
        Set(a.OperatingCashFlowTtm, risk, static (r, v) => r.OperatingCashFlowTtm = v);
        Set(a.CapexTtm, risk, static (r, v) => r.CapexTtm = v);
        Set(a.InterestExpenseTtm, risk, static (r, v) => r.InterestExpenseTtm = v);
        Set(a.Sources12M, risk, static (r, v) => r.Sources12M = v);
        Set(a.Uses12M, risk, static (r, v) => r.Uses12M = v);
        Set(a.LiquidityCoverage12M, risk, static (r, v) => r.LiquidityCoverage12M = v);
        if (a.RunwayMonths is { } runway)
        {
            risk.RunwayMonths = runway;
        }

        if (!a.RunwayCash.IsDefault)
        {
            risk.RunwayCash.Capacity = a.RunwayCash.Length;
            foreach (var cash in a.RunwayCash)
            {
                risk.RunwayCash.Add(cash);
            }
        }

        Set(a.DefaultPoint, risk, static (r, v) => r.DefaultPoint = v);
        Set(a.CommitmentAdjustedDefaultPoint, risk, static (r, v) => r.CommitmentAdjustedDefaultPoint = v);
        Set(a.DistanceToDefault, risk, static (r, v) => r.DistanceToDefault = v);
        Set(a.DefaultProbability, risk, static (r, v) => r.DefaultProbability = v);
        Set(a.CommitmentAdjustedDistanceToDefault, risk, static (r, v) => r.CommitmentAdjustedDistanceToDefault = v);
        Set(a.CommitmentAdjustedDefaultProbability, risk, static (r, v) => r.CommitmentAdjustedDefaultProbability = v);
        if (a.Merton is { } merton)
        {
            risk.Merton = new V1.MertonSolution { Iterations = merton.Iterations, Converged = merton.Converged };
            Set(merton.DistanceToDefault, risk.Merton, static (m, v) => m.DistanceToDefault = v);
            Set(merton.DefaultProbability, risk.Merton, static (m, v) => m.DefaultProbability = v);
            Set(merton.AssetValue, risk.Merton, static (m, v) => m.AssetValue = v);
            Set(merton.AssetVolatility, risk.Merton, static (m, v) => m.AssetVolatility = v);
        }

        Set(a.AltmanZ, risk, static (r, v) => r.AltmanZ = v);
        Set(a.Score, risk, static (r, v) => r.Score = v);
        risk.Components.Capacity = a.Components.Length;
        foreach (var component in a.Components)
        {
            var c = new V1.ComponentContribution
            {
                Component = component.Component,
                Points = component.Points,
                Weight = component.Weight,
                Contribution = component.Contribution,
            };
            Set(component.Input, c, static (c, v) => c.Input = v);
            risk.Components.Add(c);
        }

        if (!a.Flags.IsDefault)
        {
            risk.Flags.Add(a.Flags);
        }

        foreach (var notMeaningful in a.NotMeaningful)
        {
            risk.NotMeaningful.Add(new V1.NotMeaningful { Metric = notMeaningful.Metric, Reason = notMeaningful.Reason });
        }

        return risk;
    }

    // Static lambdas: a message with some forty optional fields is built per watched update, so no closures.
    private static void Set<T>(double? value, T target, Action<T, double> set)
    {
        if (value is { } v)
        {
            set(target, v);
        }
    }
}

using System.Collections.Immutable;
using Google.Protobuf.WellKnownTypes;
using RiskGrains.Grains;
using RiskGrains.Model;
using RiskGrains.Server.Hosting;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// Reads the contract's messages into the domain under the model's input rules. Every offending
/// field is collected with its proto path, so a client sees all its mistakes at once.
/// </summary>
internal static class MessageReader
{
    // The instants a Timestamp may name and DateTimeOffset can hold: 0001-01-01 to 9999-12-31 (UTC).
    private const long MinTimestampSeconds = -62_135_596_800L;
    private const long MaxTimestampSeconds = 253_402_300_799L;
    private const int MaxNanos = 999_999_999;

    public static string CompanyId(string? id, string path, List<FieldError> errors)
    {
        errors.AddRange(InputRules.ValidateCompanyId(id, path));
        return id ?? "";
    }

    public static CompanyProfile? Profile(V1.CompanyProfile? profile, string path, RequestLimits limits, List<FieldError> errors)
    {
        if (profile is null)
        {
            errors.Add(new FieldError(path, "is required"));
            return null;
        }

        RequestLimits.Length(profile.Name, limits.Options.MaxNameLength, nameof(LimitsOptions.MaxNameLength), InputRules.Join(path, "name"), errors);
        RequestLimits.Length(profile.Sector, limits.Options.MaxSectorLength, nameof(LimitsOptions.MaxSectorLength), InputRules.Join(path, "sector"), errors);
        var domain = new CompanyProfile(profile.CompanyId, profile.Name, profile.Sector, profile.Currency);
        foreach (var error in InputRules.ValidateProfile(domain, path))
        {
            // The contract names the id field company_id.
            errors.Add(error.Field == InputRules.Join(path, "id") ? error with { Field = InputRules.Join(path, "company_id") } : error);
        }

        return domain;
    }

    public static ImmutableArray<FinancialPeriod> Periods(IList<V1.FinancialPeriod> periods, string path, RequestLimits limits, List<FieldError> errors)
    {
        if (periods.Count == 0)
        {
            errors.Add(new FieldError(path, "must hold at least one period"));
        }

        // Too many to take: the periods are not read, so a huge list costs no more than its count.
        var max = limits.Options;
        if (!RequestLimits.Count(periods.Count, max.MaxPeriodsPerRequest, "periods", nameof(LimitsOptions.MaxPeriodsPerRequest), path, errors))
        {
            return [];
        }

        var today = limits.Today;
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

            RequestLimits.Length(p.Source, max.MaxSourceLength, nameof(LimitsOptions.MaxSourceLength), $"{itemPath}.source", errors);
            var maturities = ImmutableArray.CreateBuilder<DatedAmount>(Math.Min(p.DebtMaturities.Count, max.MaxDebtMaturitiesPerPeriod));
            if (RequestLimits.Count(p.DebtMaturities.Count, max.MaxDebtMaturitiesPerPeriod, "maturities", nameof(LimitsOptions.MaxDebtMaturitiesPerPeriod), $"{itemPath}.debt_maturities", errors))
            {
                for (var j = 0; j < p.DebtMaturities.Count; j++)
                {
                    var m = p.DebtMaturities[j];
                    var date = Date(m.MaturityDate, $"{itemPath}.debt_maturities[{j}].maturity_date", errors);

                    // A missing date is reported here; today stands in, so the model's rules do not report it twice.
                    maturities.Add(new DatedAmount(date ?? today, m.Amount));
                }
            }

            var period = new FinancialPeriod
            {
                PeriodEnd = end ?? today,
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
                DebtMaturities = maturities.ToImmutable(),
                TotalAssets = p.HasTotalAssets ? p.TotalAssets : null,
                TotalLiabilities = p.HasTotalLiabilities ? p.TotalLiabilities : null,
                CurrentAssets = p.HasCurrentAssets ? p.CurrentAssets : null,
                CurrentLiabilities = p.HasCurrentLiabilities ? p.CurrentLiabilities : null,
                RetainedEarnings = p.HasRetainedEarnings ? p.RetainedEarnings : null,
                Ebit = p.HasEbit ? p.Ebit : null,
                Source = p.Source,
            };
            errors.AddRange(InputRules.ValidatePeriod(period, itemPath, today));
            result.Add(period);
        }

        return result.MoveToImmutable();
    }

    public static Commitment? Commitment(V1.Commitment? commitment, string path, RequestLimits limits, List<FieldError> errors)
    {
        if (commitment is null)
        {
            errors.Add(new FieldError(path, "is required"));
            return null;
        }

        var max = limits.Options;
        var today = limits.Today;
        RequestLimits.Length(commitment.Counterparty, max.MaxCounterpartyLength, nameof(LimitsOptions.MaxCounterpartyLength), InputRules.Join(path, "counterparty"), errors);
        RequestLimits.Length(commitment.Source, max.MaxSourceLength, nameof(LimitsOptions.MaxSourceLength), InputRules.Join(path, "source"), errors);
        var payments = ImmutableArray.CreateBuilder<DatedAmount>(Math.Min(commitment.Payments.Count, max.MaxPaymentsPerCommitment));
        if (RequestLimits.Count(commitment.Payments.Count, max.MaxPaymentsPerCommitment, "payments", nameof(LimitsOptions.MaxPaymentsPerCommitment), InputRules.Join(path, "payments"), errors))
        {
            for (var i = 0; i < commitment.Payments.Count; i++)
            {
                var payment = commitment.Payments[i];
                var due = Date(payment.DueDate, $"{path}.payments[{i}].due_date", errors);
                payments.Add(new DatedAmount(due ?? today, payment.Amount));
            }
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
            Payments = payments.ToImmutable(),
            Cancellable = commitment.Cancellable,

            // docs/risk-model.md §1: a non-cancellable commitment has penalty 1, whatever was sent.
            CancellationPenalty = commitment.Cancellable ? commitment.CancellationPenalty : 1,
            Sunk = commitment.Sunk,
            SalvageFraction = commitment.SalvageFraction,
            Source = commitment.Source,
        };
        errors.AddRange(InputRules.ValidateCommitment(domain, path, today));
        if (!commitment.Cancellable)
        {
            // The value sent is replaced, but a nonsensical one is still a mistake worth naming.
            NumberRule.Fraction.Check(errors, path, "cancellation_penalty", commitment.CancellationPenalty);
        }

        return domain;
    }

    /// <summary>docs/risk-model.md §6: the revenue dependencies of <paramref name="companyId"/>, under <see cref="DependencyRules"/>.</summary>
    public static ImmutableArray<RevenueDependency> Dependencies(string companyId, IList<V1.RevenueDependency> dependencies, string path, RequestLimits limits, List<FieldError> errors)
    {
        // Too many to take: they are not read, so a huge list costs no more than its count.
        var max = limits.Options;
        if (!RequestLimits.Count(dependencies.Count, max.MaxRevenueDependencies, "dependencies", nameof(LimitsOptions.MaxRevenueDependencies), path, errors))
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<RevenueDependency>(dependencies.Count);
        for (var i = 0; i < dependencies.Count; i++)
        {
            var d = dependencies[i];
            RequestLimits.Length(d.Source, max.MaxSourceLength, nameof(LimitsOptions.MaxSourceLength), $"{path}[{i}].source", errors);
            result.Add(new RevenueDependency(d.CounterpartyId, d.RevenueShare, d.Source));
        }

        var read = result.MoveToImmutable();
        errors.AddRange(DependencyRules.Validate(companyId, read, path));
        return read;
    }

    public static MarketTick? Tick(V1.MarketData? market, string path, RequestLimits limits, List<FieldError> errors)
    {
        if (market is null)
        {
            errors.Add(new FieldError(path, "is required"));
            return null;
        }

        CompanyId(market.CompanyId, InputRules.Join(path, "company_id"), errors);
        var asOf = Timestamp(market.AsOf, InputRules.Join(path, "as_of"), errors);
        if (asOf is { } time && !limits.IsPlausibleAsOf(time))
        {
            errors.Add(new FieldError(InputRules.Join(path, "as_of"), limits.AsOfMessage()));
        }
        var tick = new MarketTick(
            market.MarketCap,
            market.EquityVolatility,
            market.RiskFreeRate,
            market.HasEquityReturn1Y ? market.EquityReturn1Y : null,
            asOf ?? default);
        errors.AddRange(InputRules.ValidateMarket(tick.ToMarketState(), path));
        return tick;
    }

    /// <summary>Scenario shocks as sent (docs/risk-model.md §4); an unset volatility multiplier is 1. Checked by <see cref="ScenarioShocks.Validate"/>.</summary>
    public static ScenarioShocks Shocks(V1.ScenarioShocks shocks) => new()
    {
        EquityShock = shocks.EquityShock,
        VolatilityMultiplier = shocks.HasVolatilityMultiplier ? shocks.VolatilityMultiplier : 1,
        RateShockBps = shocks.RateShockBps,
        SpreadShockBps = shocks.SpreadShockBps,
        OcfHaircut = shocks.OcfHaircut,
        EbitdaHaircut = shocks.EbitdaHaircut,
        CreditWindowClosed = shocks.CreditWindowClosed,
        CommitmentAcceleration = shocks.CommitmentAcceleration,
    };

    /// <summary>
    /// The hot path of a market feed: reads a well-formed tick without allocating, under the same
    /// rules as <see cref="Tick"/>. False means something is wrong; <see cref="Tick"/> then names it.
    /// </summary>
    public static bool TryReadTick(V1.MarketData? market, RequestLimits limits, out MarketTick tick)
    {
        tick = default;
        if (market is null
            || !InputRules.IsValidCompanyId(market.CompanyId)
            || !TryReadTimestamp(market.AsOf, out var asOf)
            || !limits.IsPlausibleAsOf(asOf))
        {
            return false;
        }

        double? drift = market.HasEquityReturn1Y ? market.EquityReturn1Y : null;
        if (!InputRules.IsValidMarket(market.MarketCap, market.EquityVolatility, market.RiskFreeRate, drift))
        {
            return false;
        }

        tick = new MarketTick(market.MarketCap, market.EquityVolatility, market.RiskFreeRate, drift, asOf);
        return true;
    }

    public static DateOnly? Date(V1.Date? date, string path, List<FieldError> errors)
    {
        if (date is null)
        {
            errors.Add(new FieldError(path, "is required"));
            return null;
        }

        if (date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1 || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            errors.Add(new FieldError(path, $"is not a calendar date ({date.Year:D4}-{date.Month:D2}-{date.Day:D2})"));
            return null;
        }

        return new DateOnly(date.Year, date.Month, date.Day);
    }

    public static DateTimeOffset? Timestamp(Timestamp? timestamp, string path, List<FieldError> errors)
    {
        if (timestamp is null)
        {
            errors.Add(new FieldError(path, "is required"));
            return null;
        }

        if (!TryReadTimestamp(timestamp, out var time))
        {
            errors.Add(new FieldError(path, "is not a valid timestamp (0001-01-01 to 9999-12-31, nanos 0 to 999999999)"));
            return null;
        }

        return time;
    }

    private static bool TryReadTimestamp(Timestamp? timestamp, out DateTimeOffset time)
    {
        time = default;
        if (timestamp is null
            || timestamp.Seconds is < MinTimestampSeconds or > MaxTimestampSeconds
            || timestamp.Nanos is < 0 or > MaxNanos)
        {
            return false;
        }

        time = DateTimeOffset.UnixEpoch.AddTicks((timestamp.Seconds * TimeSpan.TicksPerSecond) + (timestamp.Nanos / 100));
        return true;
    }
}

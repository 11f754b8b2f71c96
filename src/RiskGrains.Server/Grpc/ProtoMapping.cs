using Google.Protobuf.WellKnownTypes;
using RiskGrains.Grains;
using RiskGrains.Model;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// Maps the domain to the contract's messages (requests are read by <see cref="RequestReader"/>).
/// </summary>
internal static class ProtoMapping
{
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
        ChangeCause.Dependencies => V1.ChangeCause.Dependencies,
        _ => V1.ChangeCause.Unspecified,
    };

    /// <summary>A watch's update: the company's risk with the fields of <paramref name="mask"/>, its cause and trace id.</summary>
    public static V1.RiskUpdate ToUpdate(RiskSnapshot snapshot, CompanyRiskMask mask, ChangeCause? cause = null) => new()
    {
        Risk = ToProto(snapshot, mask),
        Cause = ToProto(cause ?? snapshot.Cause),
        TraceId = snapshot.TraceId,
    };

    public static V1.CompanyRisk ToProto(RiskSnapshot snapshot) => ToProto(snapshot, CompanyRiskMask.All);

    /// <summary>
    /// The fields of <paramref name="mask"/> (company id and version always): a field left out is never built, so
    /// its repeated entries and nested messages cost neither allocation nor serialization.
    /// </summary>
    public static V1.CompanyRisk ToProto(RiskSnapshot snapshot, CompanyRiskMask mask)
    {
        var a = snapshot.Assessment;
        var risk = new V1.CompanyRisk { CompanyId = snapshot.CompanyId, Version = snapshot.Version };
        if (mask.Includes(V1.CompanyRisk.AsOfFieldNumber))
        {
            risk.AsOf = Timestamp.FromDateTimeOffset(snapshot.AsOf);
        }

        if (mask.Includes(V1.CompanyRisk.SiloFieldNumber))
        {
            risk.Silo = snapshot.Silo;
        }

        if (mask.Includes(V1.CompanyRisk.ChangedByFieldNumber))
        {
            // Null from a silo of an earlier version during a rolling upgrade.
            risk.ChangedBy = snapshot.ChangedBy ?? "";
        }

        if (mask.Includes(V1.CompanyRisk.ProfileFieldNumber))
        {
            risk.Profile = new V1.CompanyProfile
            {
                CompanyId = snapshot.Profile.Id,
                Name = snapshot.Profile.Name,
                Sector = snapshot.Profile.Sector,
                Currency = snapshot.Profile.Currency,
            };
        }

        if (mask.Includes(V1.CompanyRisk.BandFieldNumber))
        {
            risk.Band = ToProto(a.Band);
        }

        if (mask.Includes(V1.CompanyRisk.AltmanZoneFieldNumber))
        {
            risk.AltmanZone = a.AltmanZone switch
            {
                AltmanZone.Safe => V1.AltmanZone.Safe,
                AltmanZone.Grey => V1.AltmanZone.Grey,
                AltmanZone.Distress => V1.AltmanZone.Distress,
                _ => V1.AltmanZone.Unspecified,
            };
        }

        if (mask.Includes(V1.CompanyRisk.T0FieldNumber) && a.T0 is { } t0)
        {
            risk.T0 = ToProto(t0);
        }

        if (mask.Includes(V1.CompanyRisk.InputsFieldNumber))
        {
            risk.Inputs = Inputs(snapshot);
        }

        Set(a.Liquidity, risk, mask, V1.CompanyRisk.LiquidityFieldNumber, static (r, v) => r.Liquidity = v);
        Set(a.Debt, risk, mask, V1.CompanyRisk.DebtFieldNumber, static (r, v) => r.Debt = v);
        Set(a.LeaseDebt, risk, mask, V1.CompanyRisk.LeaseDebtFieldNumber, static (r, v) => r.LeaseDebt = v);
        Set(a.AdjustedDebt, risk, mask, V1.CompanyRisk.AdjustedDebtFieldNumber, static (r, v) => r.AdjustedDebt = v);
        Set(a.DebtToCash, risk, mask, V1.CompanyRisk.DebtToCashFieldNumber, static (r, v) => r.DebtToCash = v);
        Set(a.AdjustedDebtToCash, risk, mask, V1.CompanyRisk.AdjustedDebtToCashFieldNumber, static (r, v) => r.AdjustedDebtToCash = v);
        Set(a.NetDebt, risk, mask, V1.CompanyRisk.NetDebtFieldNumber, static (r, v) => r.NetDebt = v);
        Set(a.AdjustedNetDebt, risk, mask, V1.CompanyRisk.AdjustedNetDebtFieldNumber, static (r, v) => r.AdjustedNetDebt = v);
        Set(a.CommitmentsRemaining, risk, mask, V1.CompanyRisk.CommitmentsRemainingFieldNumber, static (r, v) => r.CommitmentsRemaining = v);
        Set(a.CommitmentsDebtLike, risk, mask, V1.CompanyRisk.CommitmentsDebtLikeFieldNumber, static (r, v) => r.CommitmentsDebtLike = v);
        Set(a.WalkAwayLoss, risk, mask, V1.CompanyRisk.WalkAwayLossFieldNumber, static (r, v) => r.WalkAwayLoss = v);
        Set(a.LockInRatio, risk, mask, V1.CompanyRisk.LockInRatioFieldNumber, static (r, v) => r.LockInRatio = v);
        Set(a.CommitmentAdjustedNetDebt, risk, mask, V1.CompanyRisk.CommitmentAdjustedNetDebtFieldNumber, static (r, v) => r.CommitmentAdjustedNetDebt = v);
        Set(a.GrossLeverage, risk, mask, V1.CompanyRisk.GrossLeverageFieldNumber, static (r, v) => r.GrossLeverage = v);
        Set(a.NetLeverage, risk, mask, V1.CompanyRisk.NetLeverageFieldNumber, static (r, v) => r.NetLeverage = v);
        Set(a.CommitmentAdjustedLeverage, risk, mask, V1.CompanyRisk.CommitmentAdjustedLeverageFieldNumber, static (r, v) => r.CommitmentAdjustedLeverage = v);
        Set(a.InterestCoverage, risk, mask, V1.CompanyRisk.InterestCoverageFieldNumber, static (r, v) => r.InterestCoverage = v);
        Set(a.FreeCashFlowTtm, risk, mask, V1.CompanyRisk.FreeCashFlowTtmFieldNumber, static (r, v) => r.FreeCashFlowTtm = v);
        Set(a.Committed12M, risk, mask, V1.CompanyRisk.Committed12MFieldNumber, static (r, v) => r.Committed12M = v);
        Set(a.RevenueTtm, risk, mask, V1.CompanyRisk.RevenueTtmFieldNumber, static (r, v) => r.RevenueTtm = v);
        Set(a.EbitdaTtm, risk, mask, V1.CompanyRisk.EbitdaTtmFieldNumber, static (r, v) => r.EbitdaTtm = v);
        Set(a.OperatingCashFlowTtm, risk, mask, V1.CompanyRisk.OperatingCashFlowTtmFieldNumber, static (r, v) => r.OperatingCashFlowTtm = v);
        Set(a.CapexTtm, risk, mask, V1.CompanyRisk.CapexTtmFieldNumber, static (r, v) => r.CapexTtm = v);
        Set(a.InterestExpenseTtm, risk, mask, V1.CompanyRisk.InterestExpenseTtmFieldNumber, static (r, v) => r.InterestExpenseTtm = v);
        Set(a.Sources12M, risk, mask, V1.CompanyRisk.Sources12MFieldNumber, static (r, v) => r.Sources12M = v);
        Set(a.Uses12M, risk, mask, V1.CompanyRisk.Uses12MFieldNumber, static (r, v) => r.Uses12M = v);
        Set(a.LiquidityCoverage12M, risk, mask, V1.CompanyRisk.LiquidityCoverage12MFieldNumber, static (r, v) => r.LiquidityCoverage12M = v);
        if (mask.Includes(V1.CompanyRisk.RunwayMonthsFieldNumber) && a.RunwayMonths is { } runway)
        {
            risk.RunwayMonths = runway;
        }

        if (mask.Includes(V1.CompanyRisk.RunwayCashFieldNumber) && !a.RunwayCash.IsDefault)
        {
            risk.RunwayCash.Capacity = a.RunwayCash.Length;
            foreach (var cash in a.RunwayCash)
            {
                risk.RunwayCash.Add(cash);
            }
        }

        Set(a.DefaultPoint, risk, mask, V1.CompanyRisk.DefaultPointFieldNumber, static (r, v) => r.DefaultPoint = v);
        Set(a.CommitmentAdjustedDefaultPoint, risk, mask, V1.CompanyRisk.CommitmentAdjustedDefaultPointFieldNumber, static (r, v) => r.CommitmentAdjustedDefaultPoint = v);
        Set(a.DistanceToDefault, risk, mask, V1.CompanyRisk.DistanceToDefaultFieldNumber, static (r, v) => r.DistanceToDefault = v);
        Set(a.DefaultProbability, risk, mask, V1.CompanyRisk.DefaultProbabilityFieldNumber, static (r, v) => r.DefaultProbability = v);
        Set(a.CommitmentAdjustedDistanceToDefault, risk, mask, V1.CompanyRisk.CommitmentAdjustedDistanceToDefaultFieldNumber, static (r, v) => r.CommitmentAdjustedDistanceToDefault = v);
        Set(a.CommitmentAdjustedDefaultProbability, risk, mask, V1.CompanyRisk.CommitmentAdjustedDefaultProbabilityFieldNumber, static (r, v) => r.CommitmentAdjustedDefaultProbability = v);
        if (mask.Includes(V1.CompanyRisk.MertonFieldNumber) && a.Merton is { } merton)
        {
            risk.Merton = new V1.MertonSolution { Iterations = merton.Iterations, Converged = merton.Converged };
            Set(merton.DistanceToDefault, risk.Merton, static (m, v) => m.DistanceToDefault = v);
            Set(merton.DefaultProbability, risk.Merton, static (m, v) => m.DefaultProbability = v);
            Set(merton.AssetValue, risk.Merton, static (m, v) => m.AssetValue = v);
            Set(merton.AssetVolatility, risk.Merton, static (m, v) => m.AssetVolatility = v);
        }

        if (mask.Includes(V1.CompanyRisk.PdTermStructureFieldNumber))
        {
            risk.PdTermStructure.Capacity = a.PdTermStructure.Length;
            foreach (var point in a.PdTermStructure)
            {
                var p = new V1.PdPoint { Years = point.Years, DistanceToDefault = point.DistanceToDefault, CumulativeDefaultProbability = point.CumulativeDefaultProbability };
                Set(point.AnnualHazard, p, static (p, v) => p.AnnualHazard = v);
                risk.PdTermStructure.Add(p);
            }
        }

        Set(a.ContagionHaircut, risk, mask, V1.CompanyRisk.ContagionHaircutFieldNumber, static (r, v) => r.ContagionHaircut = v);
        if (mask.Includes(V1.CompanyRisk.DependenciesFieldNumber))
        {
            risk.Dependencies.Capacity = a.Dependencies.Length;
            foreach (var dependency in a.Dependencies)
            {
                var d = new V1.DependencyContribution
                {
                    CounterpartyId = dependency.CounterpartyId,
                    RevenueShare = dependency.RevenueShare,
                    Transmitted = dependency.Transmitted,
                    Contribution = dependency.Contribution,
                };
                Set(dependency.CounterpartyScore, d, static (d, v) => d.CounterpartyScore = v);
                if (dependency.IsCounterpartyUnknown)
                {
                    d.Flags.Add(Model.DependencyContribution.CounterpartyUnknown);
                }

                risk.Dependencies.Add(d);
            }
        }

        Set(a.AltmanZ, risk, mask, V1.CompanyRisk.AltmanZFieldNumber, static (r, v) => r.AltmanZ = v);
        Set(a.Score, risk, mask, V1.CompanyRisk.ScoreFieldNumber, static (r, v) => r.Score = v);
        if (mask.Includes(V1.CompanyRisk.ComponentsFieldNumber))
        {
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
        }

        if (mask.Includes(V1.CompanyRisk.FlagsFieldNumber) && !a.Flags.IsDefault)
        {
            risk.Flags.Add(a.Flags);
        }

        if (mask.Includes(V1.CompanyRisk.NotMeaningfulFieldNumber))
        {
            foreach (var notMeaningful in a.NotMeaningful)
            {
                risk.NotMeaningful.Add(new V1.NotMeaningful { Metric = notMeaningful.Metric, Reason = notMeaningful.Reason });
            }
        }

        return risk;
    }

    // What the metrics were computed from; its window ends at t0.
    private static V1.InputSummary Inputs(RiskSnapshot snapshot)
    {
        var a = snapshot.Assessment;
        var inputs = new V1.InputSummary
        {
            Periods = a.Periods,
            TtmMonths = a.TtmMonths,
            Commitments = a.Commitments,
            HasMarketData = a.HasMarketData,
        };
        if (a.T0 is { } t0)
        {
            inputs.WindowEnd = ToProto(t0);
        }

        if (a.WindowStart is { } start)
        {
            inputs.WindowStart = ToProto(start);
        }

        if (snapshot.MarketAsOf is { } marketAsOf)
        {
            inputs.MarketAsOf = Timestamp.FromDateTimeOffset(marketAsOf);
        }

        return inputs;
    }

    public static V1.CompanySummary ToProto(CompanyListing listing)
    {
        var summary = new V1.CompanySummary { CompanyId = listing.CompanyId, Name = listing.Name, Band = ToProto(listing.Band) };
        Set(listing.Score, summary, static (s, v) => s.Score = v);
        return summary;
    }

    public static V1.Peer ToPeer(CompanyListing listing)
    {
        var peer = new V1.Peer { CompanyId = listing.CompanyId, Band = ToProto(listing.Band) };
        Set(listing.Score, peer, static (p, v) => p.Score = v);
        return peer;
    }

    public static V1.HistoryPoint ToProto(HistoryPoint point)
    {
        var proto = new V1.HistoryPoint
        {
            Version = point.Version,
            Time = Timestamp.FromDateTimeOffset(point.Time),
            Cause = ToProto(point.Cause),
            Band = ToProto(point.Band),
            ChangedBy = point.ChangedBy ?? "",
        };
        Set(point.Score, proto, static (p, v) => p.Score = v);
        Set(point.LiquidityCoverage12m, proto, static (p, v) => p.LiquidityCoverage12M = v);
        Set(point.CommitmentAdjustedLeverage, proto, static (p, v) => p.CommitmentAdjustedLeverage = v);
        Set(point.CommitmentAdjustedDefaultProbability, proto, static (p, v) => p.CommitmentAdjustedDefaultProbability = v);
        if (point.RunwayMonths is { } runway)
        {
            proto.RunwayMonths = runway;
        }

        return proto;
    }

    public static V1.ScenarioShocks ToProto(ScenarioShocks shocks) => new()
    {
        EquityShock = shocks.EquityShock,
        VolatilityMultiplier = shocks.VolatilityMultiplier,
        RateShockBps = shocks.RateShockBps,
        SpreadShockBps = shocks.SpreadShockBps,
        OcfHaircut = shocks.OcfHaircut,
        EbitdaHaircut = shocks.EbitdaHaircut,
        CreditWindowClosed = shocks.CreditWindowClosed,
        CommitmentAcceleration = shocks.CommitmentAcceleration,
    };

    // Static lambdas: a message with some forty optional fields is built per watched update, so no closures.
    private static void Set<T>(double? value, T target, Action<T, double> set)
    {
        if (value is { } v)
        {
            set(target, v);
        }
    }

    // A field of CompanyRisk, set only when the read mask keeps it.
    private static void Set(double? value, V1.CompanyRisk risk, CompanyRiskMask mask, int fieldNumber, Action<V1.CompanyRisk, double> set)
    {
        if (value is { } v && mask.Includes(fieldNumber))
        {
            set(risk, v);
        }
    }
}

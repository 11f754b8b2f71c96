using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>Every metric of docs/risk-model.md §2 and the score of §3 for one company at one state.</summary>
public sealed record RiskAssessment
{
    public DateOnly? T0 { get; init; }
    public int Periods { get; init; }
    public DateOnly? WindowStart { get; init; }
    public int TtmMonths { get; init; }
    public int Commitments { get; init; }
    public bool HasMarketData { get; init; }

    // docs/risk-model.md §2
    public double? Liquidity { get; init; }
    public double? Debt { get; init; }
    public double? LeaseDebt { get; init; }
    public double? AdjustedDebt { get; init; }
    public double? DebtToCash { get; init; }
    public double? AdjustedDebtToCash { get; init; }
    public double? NetDebt { get; init; }
    public double? AdjustedNetDebt { get; init; }
    public double? CommitmentsRemaining { get; init; }
    public double? CommitmentsDebtLike { get; init; }
    public double? WalkAwayLoss { get; init; }
    public double? LockInRatio { get; init; }
    public double? CommitmentAdjustedNetDebt { get; init; }
    public double? GrossLeverage { get; init; }
    public double? NetLeverage { get; init; }
    public double? CommitmentAdjustedLeverage { get; init; }
    public double? InterestCoverage { get; init; }
    public double? FreeCashFlowTtm { get; init; }
    public double? Committed12M { get; init; }
    public double? RevenueTtm { get; init; }
    public double? EbitdaTtm { get; init; }
    public double? OperatingCashFlowTtm { get; init; }
    public double? CapexTtm { get; init; }
    public double? InterestExpenseTtm { get; init; }

    // docs/risk-model.md §2.1
    public double? Sources12M { get; init; }
    public double? Uses12M { get; init; }
    public double? LiquidityCoverage12M { get; init; }

    // docs/risk-model.md §2.2
    public int? RunwayMonths { get; init; }
    public ImmutableArray<double> RunwayCash { get; init; } = [];

    // docs/risk-model.md §2.3
    public double? DefaultPoint { get; init; }
    public double? CommitmentAdjustedDefaultPoint { get; init; }
    public double? DistanceToDefault { get; init; }
    public double? DefaultProbability { get; init; }
    public double? CommitmentAdjustedDistanceToDefault { get; init; }
    public double? CommitmentAdjustedDefaultProbability { get; init; }
    public MertonResult? Merton { get; init; }

    // docs/risk-model.md §5
    public ImmutableArray<PdPoint> PdTermStructure { get; init; } = [];

    // docs/risk-model.md §6: absent without financial periods.
    public double? ContagionHaircut { get; init; }
    public ImmutableArray<DependencyContribution> Dependencies { get; init; } = [];

    // docs/risk-model.md §2.4
    public double? AltmanZ { get; init; }
    public AltmanZone AltmanZone { get; init; }

    // docs/risk-model.md §3
    public double? Score { get; init; }
    public Band? Band { get; init; }
    public ImmutableArray<ComponentScore> Components { get; init; } = [];
    public ImmutableArray<string> Flags { get; init; } = [];
    public ImmutableArray<NotMeaningful> NotMeaningful { get; init; } = [];
}

using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>
/// A portfolio's figures (docs/risk-model.md §7). Ratios are absent with no exposure;
/// <see cref="ExposureByBand"/> has a key for each band held, null for positions without a score.
/// Positions are listed by stressed loss, largest first.
/// </summary>
public sealed record PortfolioRisk(
    string PortfolioId,
    double TotalExposure,
    double ExpectedLoss,
    double? ExpectedLossRate,
    double StressedLoss,
    double UnexpectedLoss,
    double? ExposureWeightedScore,
    ImmutableArray<BandExposure> ExposureByBand,
    double? NameHhi,
    double? SectorHhi,
    ImmutableArray<PositionRisk> Positions);

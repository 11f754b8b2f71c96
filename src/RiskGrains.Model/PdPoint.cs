namespace RiskGrains.Model;

/// <summary>
/// One horizon of the PD term structure (docs/risk-model.md §5): the distance to default over
/// <see cref="Years"/>, the cumulative default probability up to then, and the average annual
/// default intensity; the intensity is absent when the probability rounds to 1.
/// </summary>
public readonly record struct PdPoint(double Years, double DistanceToDefault, double CumulativeDefaultProbability, double? AnnualHazard);

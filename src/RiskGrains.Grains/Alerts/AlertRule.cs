using System.Collections.Immutable;

namespace RiskGrains.Grains;

/// <summary>
/// One alert rule (docs/api.md, AlertService): a scope (<see cref="CompanyIds"/>, a portfolio's members, or
/// every company) and a condition on one numeric field of a company's risk. <see cref="Revision"/> is the
/// version of the rule set that last changed the rule: firing state kept under an older revision is void.
/// </summary>
[GenerateSerializer, Immutable, Alias("riskgrains.AlertRule")]
public sealed record AlertRule(
    [property: Id(0)] string RuleId,
    [property: Id(1)] ImmutableArray<string> CompanyIds,
    [property: Id(2)] string PortfolioId,
    [property: Id(3)] bool AllCompanies,
    [property: Id(4)] string Field,
    [property: Id(5)] AlertComparison Comparison,
    [property: Id(6)] double Threshold,
    [property: Id(7)] double Hysteresis,
    [property: Id(8)] ulong Revision)
{
    /// <summary>True when the value lies in the alert region.</summary>
    public bool Inside(double value) => Comparison switch
    {
        AlertComparison.Above => value > Threshold,
        AlertComparison.Below => value < Threshold,
        _ => value >= Threshold,
    };

    /// <summary>True when the value is outside the region by more than the hysteresis: the rule may fire again.</summary>
    public bool Rearms(double value) => Comparison switch
    {
        AlertComparison.Below => value > Threshold + Hysteresis,
        _ => value < Threshold - Hysteresis,
    };

    /// <summary>The same rule, whatever its revision (a record compares an ImmutableArray by reference).</summary>
    public bool SameAs(AlertRule other) =>
        RuleId == other.RuleId
        && CompanyIds.AsSpan().SequenceEqual(other.CompanyIds.AsSpan())
        && PortfolioId == other.PortfolioId
        && AllCompanies == other.AllCompanies
        && Field == other.Field
        && Comparison == other.Comparison
        && Threshold.Equals(other.Threshold)
        && Hysteresis.Equals(other.Hysteresis);
}

namespace RiskGrains.Model;

/// <summary>
/// What a portfolio reads of one member company: its one-year commitment-adjusted default
/// probability, score, band and sector. <see cref="Unknown"/> for a company that does not exist
/// (yet): no probability, no score, the empty sector.
/// </summary>
public readonly record struct MemberRisk(double? DefaultProbability, double? Score, Band? Band, string Sector)
{
    public static MemberRisk Unknown { get; } = new(null, null, null, "");
}

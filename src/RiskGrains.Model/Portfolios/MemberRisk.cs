namespace RiskGrains.Model;

/// <summary>
/// What a portfolio reads of one member company: its one-year commitment-adjusted default
/// probability, score, band and sector. <see cref="Unknown"/> for a company that does not exist
/// (yet): no probability, no score, the empty sector.
/// </summary>
public readonly record struct MemberRisk(double? DefaultProbability, double? Score, Band? Band, string Sector)
{
    public static MemberRisk Unknown { get; } = new(null, null, null, "");

    /// <summary>A member as its assessment, live or under a scenario, gives it (docs/risk-model.md §7: PD_i is the commitment-adjusted one).</summary>
    public static MemberRisk Of(RiskAssessment assessment, string sector)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return new(assessment.CommitmentAdjustedDefaultProbability, assessment.Score, assessment.Band, sector);
    }
}

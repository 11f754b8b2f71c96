namespace RiskGrains.Grains;

/// <summary>Thrown by a commitment write that would grow a company's book past its limit; the book is unchanged.</summary>
[GenerateSerializer, Alias("riskgrains.CommitmentBookFullException")]
public sealed class CommitmentBookFullException(string companyId, int maxCommitments)
    : Exception($"company '{companyId}' holds {maxCommitments} commitments, the most RiskGrains:Limits:MaxCommitmentsPerCompany allows: remove one, or replace one by its id")
{
    [Id(0)]
    public string CompanyId { get; } = companyId;

    [Id(1)]
    public int MaxCommitments { get; } = maxCommitments;
}

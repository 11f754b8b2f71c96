namespace RiskGrains.Grains;

/// <summary>Thrown by a write to a company that has no profile yet.</summary>
[GenerateSerializer, Alias("riskgrains.UnknownCompanyException")]
public sealed class UnknownCompanyException(string companyId)
    : Exception($"company '{companyId}' is unknown: create it with UpsertCompany first")
{
    [Id(0)]
    public string CompanyId { get; } = companyId;
}

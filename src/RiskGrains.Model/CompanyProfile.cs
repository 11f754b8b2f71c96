namespace RiskGrains.Model;

/// <summary>A company's identity (docs/risk-model.md §1).</summary>
public sealed record CompanyProfile(string Id, string Name, string Sector, string Currency);

using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>One row of the company directory.</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.CompanyListing")]
public sealed record CompanyListing(
    [property: Id(0)] string CompanyId,
    [property: Id(1)] string Name,
    [property: Id(2)] Band? Band);

using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// One row of the company directory. <see cref="Sector"/> and <see cref="Score"/> came later: rows
/// stored before them read with both null, until the company registers or reports again.
/// </summary>
[GenerateSerializer, Immutable, Alias("riskgrains.CompanyListing")]
public sealed record CompanyListing(
    [property: Id(0)] string CompanyId,
    [property: Id(1)] string Name,
    [property: Id(2)] Band? Band,
    [property: Id(3)] string? Sector = null,
    [property: Id(4)] double? Score = null);

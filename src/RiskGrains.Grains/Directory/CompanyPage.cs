using System.Collections.Immutable;

namespace RiskGrains.Grains;

/// <summary>One page of the directory.</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.CompanyPage")]
public sealed record CompanyPage(
    [property: Id(0)] ImmutableArray<CompanyListing> Companies,
    [property: Id(1)] string? NextAfter);

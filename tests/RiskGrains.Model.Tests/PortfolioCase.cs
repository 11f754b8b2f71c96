using System.Collections.Immutable;

namespace RiskGrains.Model.Tests;

/// <summary>A generated portfolio, its members' risk, and a sequence of member updates.</summary>
public sealed record PortfolioCase(Portfolio Portfolio, ImmutableDictionary<string, MemberRisk> Members, ImmutableArray<(string CompanyId, MemberRisk Risk)> Updates)
{
    public override string ToString() =>
        $"positions: [{string.Join("; ", Portfolio.Positions)}]; correlation {Portfolio.AssetCorrelation}; members: [{string.Join("; ", Members)}]; {Updates.Length} updates";
}

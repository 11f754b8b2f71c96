using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>
/// A named set of positions (docs/risk-model.md §7), amounts in the portfolio's currency. With
/// <see cref="AssetCorrelation"/> set, every position uses it instead of the Basel correlation.
/// </summary>
public sealed record Portfolio(string Id, string Name, string Currency, ImmutableArray<Position> Positions, double? AssetCorrelation)
{
    // A record compares an ImmutableArray by reference; two portfolios are the same when their positions are.
    public bool Equals(Portfolio? other) =>
        other is not null
        && Id == other.Id
        && Name == other.Name
        && Currency == other.Currency
        && AssetCorrelation.Equals(other.AssetCorrelation)
        && Positions.AsSpan().SequenceEqual(other.Positions.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Id, Name, Positions.Length);
}

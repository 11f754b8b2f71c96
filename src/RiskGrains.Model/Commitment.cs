using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>One capex commitment of the commitment book (docs/risk-model.md §1).</summary>
public sealed record Commitment
{
    public required string Id { get; init; }
    public string Counterparty { get; init; } = "";
    public CommitmentKind Kind { get; init; } = CommitmentKind.Other;
    public ImmutableArray<DatedAmount> Payments { get; init; } = [];
    public bool Cancellable { get; init; }
    public double CancellationPenalty { get; init; } = 1;
    public double Sunk { get; init; }
    public double SalvageFraction { get; init; }
    public string Source { get; init; } = "";

    // A record compares an ImmutableArray by reference; two commitments are the same when every term is.
    public bool Equals(Commitment? other) =>
        other is not null
        && Id == other.Id
        && Counterparty == other.Counterparty
        && Kind == other.Kind
        && Payments.AsSpan().SequenceEqual(other.Payments.AsSpan())
        && Cancellable == other.Cancellable
        && CancellationPenalty.Equals(other.CancellationPenalty)
        && Sunk.Equals(other.Sunk)
        && SalvageFraction.Equals(other.SalvageFraction)
        && Source == other.Source;

    public override int GetHashCode() => HashCode.Combine(Id, Kind, Payments.Length, Sunk);
}

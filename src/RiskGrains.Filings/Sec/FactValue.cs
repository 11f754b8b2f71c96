using System.Collections.Immutable;

namespace RiskGrains.Filings.Sec;

/// <summary>A value in dollars and the facts it was computed from: one fact as reported, or a sum and difference of several.</summary>
internal sealed record FactValue(decimal Value, ImmutableArray<SignedFact> Terms)
{
    /// <summary>The nothing that precedes a fiscal year's first quarter: year-to-date 0.</summary>
    public static readonly FactValue Zero = new(0m, []);

    public static FactValue Of(XbrlFact fact, string label) => new(fact.Value, [new SignedFact(fact, 1, label)]);

    /// <summary>True when the value is one fact as reported, not a difference of year-to-date facts.</summary>
    public bool IsReported => Terms.Length == 1 && Terms[0].Sign == 1;

    /// <summary>How the value was derived, e.g. <c>9M - H1</c>; empty when it is one reported fact.</summary>
    public string Derivation => IsReported
        ? ""
        : string.Concat(Terms.Select((t, i) => (i, t.Sign) switch
        {
            (0, > 0) => t.Label,
            (0, _) => "-" + t.Label,
            (_, > 0) => " + " + t.Label,
            _ => " - " + t.Label,
        }));

    public FactValue Plus(FactValue other) => Combine(other, 1);

    public FactValue Minus(FactValue other) => Combine(other, -1);

    // Terms are kept in order of first appearance, so FY − 9M reads as filed; a fact added and
    // subtracted again drops out.
    private FactValue Combine(FactValue other, int sign)
    {
        ArgumentNullException.ThrowIfNull(other);
        var terms = Terms.ToList();
        foreach (var term in other.Terms)
        {
            int at = terms.FindIndex(t => ReferenceEquals(t.Fact, term.Fact));
            if (at < 0)
            {
                terms.Add(term with { Sign = term.Sign * sign });
            }
            else if (terms[at].Sign + (term.Sign * sign) == 0)
            {
                terms.RemoveAt(at);
            }
            else
            {
                terms[at] = terms[at] with { Sign = terms[at].Sign + (term.Sign * sign) };
            }
        }

        return new FactValue(Value + (sign * other.Value), [.. terms]);
    }
}

using System.Collections.Immutable;
using RiskGrains.Model;

namespace RiskGrains.Filings.Sec;

/// <summary>Makes one quarterly <see cref="FinancialPeriod"/> from the facts, by the rules of <see cref="SecConceptMap"/>.</summary>
internal sealed class SecPeriodBuilder(FactTable facts, QuarterFlows flows, string cik)
{
    /// <summary>The quarter's period, or null when no field has a fact for it.</summary>
    public SecQuarter? Build(FiscalQuarter quarter)
    {
        ArgumentNullException.ThrowIfNull(quarter);
        var outcomes = SecConceptMap.Rules.Select(rule => Evaluate(rule, quarter)).ToImmutableArray();
        if (outcomes.All(o => o.Value is null))
        {
            return null;
        }

        // A missing field stays 0 where the model has no "absent" (docs/import.md); the Altman inputs stay absent.
        var period = new FinancialPeriod { PeriodEnd = quarter.End, PeriodMonths = 3 };
        foreach (var outcome in outcomes.Where(o => o.Value is not null))
        {
            period = ModelFields.With(period, outcome.Field, Money.FromDollars(outcome.Value!.Value));
        }

        period = period with { Source = SecSourceText.ForPeriod(cik, quarter, outcomes) };
        return new SecQuarter(quarter, period, outcomes);
    }

    private FieldOutcome Evaluate(ConceptRule rule, FiscalQuarter quarter)
    {
        FieldOutcome? usable = null;
        foreach (var alternative in rule.Alternatives)
        {
            var used = ImmutableArray.CreateBuilder<UsedPart>();
            var missing = ImmutableArray.CreateBuilder<ConceptPart>();
            foreach (var part in alternative.Parts)
            {
                if (Find(part, rule.IsFlow, quarter) is { } found)
                {
                    used.Add(found);
                }
                else
                {
                    missing.Add(part);
                }
            }

            if (used.Count == 0 || missing.Any(p => p.Role == PartRole.Required))
            {
                continue;
            }

            var value = used.Sum(u => u.Part.Sign * u.Value.Value);
            var missingExpected = missing.Where(p => p.Role == PartRole.Expected).ToImmutableArray();
            var outcome = new FieldOutcome(rule, value, used.ToImmutable(), missingExpected);
            if (missingExpected.IsEmpty)
            {
                return outcome;
            }

            usable ??= outcome;
        }

        return usable ?? new FieldOutcome(rule, null, [], []);
    }

    private UsedPart? Find(ConceptPart part, bool isFlow, FiscalQuarter quarter)
    {
        foreach (var concept in part.Concepts)
        {
            var value = isFlow
                ? flows.Quarter(concept, quarter)
                : facts.Instant(concept, quarter.End) is { } fact ? FactValue.Of(fact, "") : null;
            if (value is not null)
            {
                return new UsedPart(part, concept, value);
            }
        }

        return null;
    }
}

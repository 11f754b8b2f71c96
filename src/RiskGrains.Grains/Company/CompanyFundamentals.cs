using System.Collections.Immutable;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// A company apart from its live market state, as last acknowledged: profile, window of periods,
/// commitment book (sorted by id) and revenue dependencies (sorted by counterparty id). Each change
/// returns a new value, or null when it changes nothing.
/// </summary>
public sealed record CompanyFundamentals(CompanyProfile? Profile, ImmutableArray<FinancialPeriod> Periods, ImmutableArray<Commitment> Commitments)
{
    /// <summary>A company that does not exist yet: no profile.</summary>
    public static CompanyFundamentals None { get; } = new(null, [], []);

    /// <summary>docs/risk-model.md §6, sorted by counterparty id.</summary>
    public ImmutableArray<RevenueDependency> Dependencies { get; init; } = [];

    public static CompanyFundamentals Of(CompanyState stored) =>
        new(stored.Profile, stored.Periods, stored.Commitments) { Dependencies = stored.Dependencies.IsDefault ? [] : stored.Dependencies };

    /// <summary>
    /// docs/risk-model.md §6: the list replaces the current one (validated by <see cref="DependencyRules"/>
    /// before). The order it came in does not matter, so the same list re-sent in another order changes nothing.
    /// </summary>
    public CompanyFundamentals? WithDependencies(IEnumerable<RevenueDependency> dependencies)
    {
        ImmutableArray<RevenueDependency> sorted = [.. dependencies.OrderBy(d => d.CounterpartyId, StringComparer.Ordinal)];
        return sorted.SequenceEqual(Dependencies) ? null : this with { Dependencies = sorted };
    }

    public CompanyFundamentals? WithProfile(CompanyProfile profile) => Profile == profile ? null : this with { Profile = profile };

    /// <summary>docs/risk-model.md §1: a period replaces the one of the same end; the window keeps the newest.</summary>
    public CompanyFundamentals? WithPeriods(ImmutableArray<FinancialPeriod> periods, int windowQuarters, out bool restates)
    {
        var window = FinancialWindow.Merge(Periods, periods, windowQuarters);

        // Re-sending an unchanged period with a new one is not a restatement.
        restates = periods.Any(p => Periods.Any(q => q.PeriodEnd == p.PeriodEnd && q != p));
        return window.SequenceEqual(Periods) ? null : this with { Periods = window };
    }

    /// <summary>
    /// The book with the commitment added or replaced. Every write stores the whole book, so a new one
    /// past <paramref name="maxCommitments"/> is refused; a replacement is always allowed, also in a book
    /// that earlier versions let grow past the limit.
    /// </summary>
    public CompanyFundamentals? WithCommitment(Commitment commitment, int maxCommitments = int.MaxValue)
    {
        var index = IndexOf(commitment.Id);
        if (index >= 0 && Commitments[index] == commitment)
        {
            return null;
        }

        if (index < 0 && Commitments.Length >= maxCommitments)
        {
            throw new CommitmentBookFullException(Profile?.Id ?? "", maxCommitments);
        }

        return this with { Commitments = index >= 0 ? Commitments.SetItem(index, commitment) : Commitments.Insert(~index, commitment) };
    }

    public CompanyFundamentals? WithoutCommitment(string commitmentId)
    {
        var index = IndexOf(commitmentId);
        return index < 0 ? null : this with { Commitments = Commitments.RemoveAt(index) };
    }

    /// <summary>The model's inputs, with what each dependency transmits now (<paramref name="contributions"/>).</summary>
    public CompanyInputs ToInputs(MarketState? market, ImmutableArray<DependencyContribution> contributions) => new(Periods, Commitments, market, contributions);

    /// <summary>The index of the commitment in the sorted book, or the complement of where it would go.</summary>
    private int IndexOf(string commitmentId)
    {
        int lo = 0, hi = Commitments.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var cmp = string.CompareOrdinal(Commitments[mid].Id, commitmentId);
            if (cmp == 0)
            {
                return mid;
            }

            (lo, hi) = cmp < 0 ? (mid + 1, hi) : (lo, mid - 1);
        }

        return ~lo;
    }
}

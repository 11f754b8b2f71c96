using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// A portfolio's members as last seen, each company's version and risk, and the book they feed.
/// A member's update costs the same whatever the number of positions: one lookup and one
/// <see cref="PortfolioBook.Update"/> (docs/risk-model.md §7, incremental maintenance).
/// </summary>
internal sealed class PortfolioMembers
{
    private readonly Dictionary<string, TakenMember> _taken;

    /// <summary>The book of <paramref name="portfolio"/>; members also held by <paramref name="previous"/> keep what was taken of them.</summary>
    public PortfolioMembers(Portfolio portfolio, PortfolioMembers? previous)
    {
        Book = new PortfolioBook(portfolio);
        _taken = new Dictionary<string, TakenMember>(portfolio.Positions.Length, StringComparer.Ordinal);
        foreach (var position in portfolio.Positions)
        {
            var id = position.CompanyId;
            TakenMember kept = default;
            if (previous is not null && previous._taken.TryGetValue(id, out kept) && kept.Version > 0)
            {
                Book.Update(id, kept.Risk);
            }

            _taken[id] = kept;
        }
    }

    public PortfolioBook Book { get; }

    public Portfolio Portfolio => Book.Portfolio;

    public IReadOnlyCollection<string> CompanyIds => _taken.Keys;

    public bool Contains(string companyId) => _taken.ContainsKey(companyId);

    /// <summary>Takes a member's snapshot into the book when it is newer than the version already taken.</summary>
    public MemberUpdate Take(RiskSnapshot snapshot)
    {
        ref var taken = ref CollectionsMarshal.GetValueRefOrNullRef(_taken, snapshot.CompanyId);
        if (Unsafe.IsNullRef(ref taken))
        {
            return MemberUpdate.NotMember;
        }

        if (snapshot.Version <= taken.Version)
        {
            return MemberUpdate.Stale;
        }

        var risk = MemberRisk.Of(snapshot.Assessment, snapshot.Profile.Sector);
        taken = new TakenMember(snapshot.Version, risk);
        Book.Update(snapshot.CompanyId, risk);
        return MemberUpdate.Taken;
    }
}

using System.Collections.Immutable;

namespace RiskGrains.Grains;

/// <summary>
/// A company's place in its sector (docs/api.md, GetPeers): the other companies of the same sector
/// with a score, by score descending (ties by id), and the company's percentile among all of them:
/// 100 × (peers with a lower score + ½ × peers with an equal score) / peers; null without a score or peers.
/// </summary>
[GenerateSerializer, Immutable, Alias("riskgrains.PeerRanking")]
public sealed record PeerRanking(
    [property: Id(0)] string Sector,
    [property: Id(1)] double? Percentile,
    [property: Id(2)] ImmutableArray<CompanyListing> Peers,
    [property: Id(3)] int PeerCount)
{
    /// <summary>Sectors are matched ignoring case, as they are free text.</summary>
    public static readonly StringComparer SectorComparer = StringComparer.OrdinalIgnoreCase;

    /// <summary>Ranks <paramref name="company"/> among <paramref name="companies"/> (which may include it), listing at most <paramref name="maxListed"/> peers.</summary>
    public static PeerRanking Of(CompanyListing company, IEnumerable<CompanyListing> companies, int maxListed)
    {
        var sector = company.Sector ?? "";
        if (sector.Length == 0)
        {
            return new PeerRanking("", null, [], 0);
        }

        var peers = companies
            .Where(c => c.Score is not null && !string.Equals(c.CompanyId, company.CompanyId, StringComparison.Ordinal) && SectorComparer.Equals(c.Sector ?? "", sector))
            .OrderByDescending(c => c.Score!.Value)
            .ThenBy(c => c.CompanyId, StringComparer.Ordinal)
            .ToList();
        return new PeerRanking(sector, PercentileOf(company.Score, peers.Select(p => p.Score!.Value)), [.. peers.Take(maxListed)], peers.Count);
    }

    /// <summary>100 × (lower + ½ × equal) / count; null when <paramref name="score"/> is null or there are no peers.</summary>
    public static double? PercentileOf(double? score, IEnumerable<double> peerScores)
    {
        if (score is not { } own)
        {
            return null;
        }

        var (lower, equal, count) = (0, 0, 0);
        foreach (var peer in peerScores)
        {
            count++;
            lower += peer < own ? 1 : 0;
            equal += peer == own ? 1 : 0;
        }

        return count == 0 ? null : 100.0 * (lower + (0.5 * equal)) / count;
    }
}

using RiskGrains.Model;

namespace RiskGrains.Grains.Tests;

/// <summary>GetPeers' percentile and order (docs/api.md), worked by hand.</summary>
public sealed class PeerRankingTests
{
    private static CompanyListing Row(string id, double? score, string? sector = "Technology") => new(id, id, score is null ? null : Band.Moderate, sector, score);

    [Fact]
    public void The_percentile_counts_lower_peers_and_half_of_equal_ones_over_all_peers_excluding_the_company()
    {
        // Peers 10, 30, 30, 50 around a company at 30: (1 lower + ½ × 2 equal) / 4 = 50.
        CompanyListing[] rows = [Row("A", 10), Row("B", 30), Row("C", 30), Row("D", 50), Row("ME", 30)];

        var ranking = PeerRanking.Of(rows[4], rows, maxListed: 10);

        Assert.Equal(50.0, ranking.Percentile);
        Assert.Equal(4, ranking.PeerCount);
        Assert.Equal(["D", "B", "C", "A"], ranking.Peers.Select(p => p.CompanyId));
    }

    [Theory]
    [InlineData(5, 0.0)] // every peer higher
    [InlineData(60, 100.0)] // every peer lower
    [InlineData(20, 25.0)] // 10 lower; 30, 30, 50 higher: 1/4
    [InlineData(50, 87.5)] // 3 lower, 1 equal: 3.5/4
    public void The_percentile_by_hand(double score, double percentile) =>
        Assert.Equal(percentile, PeerRanking.PercentileOf(score, [10, 30, 30, 50]));

    [Fact]
    public void Without_peers_or_without_a_score_there_is_no_percentile()
    {
        Assert.Null(PeerRanking.PercentileOf(30, []));
        Assert.Null(PeerRanking.PercentileOf(null, [10, 20]));

        var alone = PeerRanking.Of(Row("ME", 30), [Row("ME", 30), Row("X", 10, "Utilities"), Row("Y", null)], maxListed: 10);
        Assert.Equal(("Technology", (double?)null, 0), (alone.Sector, alone.Percentile, alone.PeerCount));
        Assert.Empty(alone.Peers);

        var noSector = PeerRanking.Of(Row("ME", 30, ""), [Row("ME", 30, ""), Row("Z", 10, "")], maxListed: 10);
        Assert.Equal(("", (double?)null, 0), (noSector.Sector, noSector.Percentile, noSector.PeerCount));
    }

    [Fact]
    public void Peers_are_the_same_sector_ignoring_case_by_score_descending_then_id_and_the_list_is_capped()
    {
        CompanyListing[] rows = [Row("ME", 40), Row("b", 70, "technology"), Row("a", 70), Row("c", 20, "TECHNOLOGY"), Row("x", 90, "Energy"), Row("n", null)];

        var ranking = PeerRanking.Of(rows[0], rows, maxListed: 2);

        Assert.Equal(["a", "b"], ranking.Peers.Select(p => p.CompanyId));
        Assert.Equal(3, ranking.PeerCount);
        Assert.Equal(100.0 / 3, ranking.Percentile!.Value, 12);
    }
}

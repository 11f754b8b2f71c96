using System.Collections.Immutable;
using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class PdTermStructureTests
{
    private static readonly ImmutableArray<double> Horizons = PdTermStructure.DefaultHorizons;

    [Fact]
    public void Each_horizon_matches_the_hand_computed_distance_probability_and_hazard()
    {
        // E 100, σE 0.5, F_c 80, μ 0.05: σD 0.175, σV = 100/180 × 0.5 + 80/180 × 0.175 = 0.355556.
        var points = PdTermStructure.Evaluate(100, 0.5, 80, 0.05, Horizons);

        (double Years, double Dd, double Pd, double Hazard)[] expected =
        [
            (1, 2.243588455330647, 0.012429446369480885, 0.012507338044605321),
            (2, 1.5601856298495682, 0.05935801024948778, 0.030596334507390185),
            (3, 1.252436066133601, 0.10520550561511492, 0.03705373409510317),
            (5, 0.9369023505993715, 0.17440439498805654, 0.038330041531140883),
            (7, 0.7637421477269938, 0.22251045925973842, 0.03595501249190477),
            (10, 0.6037463058284984, 0.27300616136551414, 0.031883727654025903),
        ];
        Assert.Equal(expected.Length, points.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Years, points[i].Years);
            Assert.Equal(expected[i].Dd, points[i].DistanceToDefault, 1e-12);
            Assert.Equal(expected[i].Pd, points[i].CumulativeDefaultProbability, 1e-14);
            Assert.Equal(expected[i].Hazard, points[i].AnnualHazard!.Value, 1e-14);
        }
    }

    [Fact]
    public void A_cumulative_probability_never_falls_with_the_horizon_even_when_the_raw_one_does()
    {
        // With a 30 % drift the raw probability peaks at five years (0.02486) and then falls.
        var points = PdTermStructure.Evaluate(100, 0.6, 60, 0.30, Horizons);

        Assert.Equal(0.024860721366451476, points[3].CumulativeDefaultProbability, 1e-14);
        Assert.Equal(points[3].CumulativeDefaultProbability, points[4].CumulativeDefaultProbability);
        Assert.Equal(points[3].CumulativeDefaultProbability, points[5].CumulativeDefaultProbability);
        Assert.True(points[5].DistanceToDefault > points[3].DistanceToDefault);
    }

    [Fact]
    public void The_hazard_is_absent_when_the_probability_rounds_to_one()
    {
        var points = PdTermStructure.Evaluate(1, 3, 1e6, -10, Horizons);

        Assert.All(points, p => Assert.Equal(-DistanceToDefault.Bound, p.DistanceToDefault));
        Assert.All(points, p => Assert.Equal(1.0, p.CumulativeDefaultProbability));
        Assert.All(points, p => Assert.Null(p.AnnualHazard));
    }

    [Fact]
    public void The_one_year_entry_of_an_assessment_is_exactly_its_commitment_adjusted_distance_and_probability()
    {
        var a = Evaluate(Stressed());

        var oneYear = Assert.Single(a.PdTermStructure, p => p.Years == 1);
        Assert.Equal(a.CommitmentAdjustedDistanceToDefault, oneYear.DistanceToDefault);
        Assert.Equal(a.CommitmentAdjustedDefaultProbability, oneYear.CumulativeDefaultProbability);
        Assert.Equal(Horizons, a.PdTermStructure.Select(p => p.Years));
    }

    [Fact]
    public void The_term_structure_is_absent_without_a_market_state_and_not_meaningful_without_a_default_point()
    {
        var noMarket = Evaluate(Stressed(withMarket: false));
        Assert.Empty(noMarket.PdTermStructure);
        Assert.Contains(RiskFlags.NoMarketData, noMarket.Flags);

        var noDebt = Evaluate(Inputs(Annual() with { Cash = 50 }, Market()));
        Assert.Empty(noDebt.PdTermStructure);
        Assert.Contains(new NotMeaningful("pd_term_structure", RiskFlags.NoDefaultPoint), noDebt.NotMeaningful);
    }

    [Fact]
    public void Horizons_are_a_model_parameter()
    {
        var parameters = ModelParameters.Default with { PdHorizonsYears = [0.5, 4, 30] };

        var a = RiskModel.Evaluate(Stressed(), parameters);

        Assert.Equal([0.5, 4, 30], a.PdTermStructure.Select(p => p.Years));
    }
}

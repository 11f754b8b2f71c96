using System.Collections.Immutable;

namespace RiskGrains.Model.Tests;

public class PortfolioTests
{
    private static readonly Portfolio Book = new(
        "book-1",
        "Desk book",
        "USD",
        [new Position("A", 100, 0.45), new Position("B", 50, 0.6), new Position("C", 30, 0.45)],
        AssetCorrelation: null);

    private static readonly Dictionary<string, MemberRisk> Members = new()
    {
        ["A"] = new MemberRisk(0.02, 55, Band.Elevated, "Tech"),
        ["B"] = new MemberRisk(0.0001, 12, Band.Low, "Tech"),
    };

    [Fact]
    public void The_basel_correlation_at_a_one_percent_probability_is_0_19278()
    {
        Assert.Equal(0.19278, PortfolioModel.BaselCorrelation(0.01), 5);
        Assert.Equal(0.192783679165516, PortfolioModel.BaselCorrelation(0.01), 14);
    }

    [Fact]
    public void The_stressed_probability_at_a_one_percent_probability_is_0_14027()
    {
        var rho = PortfolioModel.BaselCorrelation(0.01);

        Assert.Equal(0.14027, PortfolioModel.StressedDefaultProbability(0.01, rho, 0.999), 5);
        Assert.Equal(0.14027267845651598, PortfolioModel.StressedDefaultProbability(0.01, rho, 0.999), 12);
    }

    [Fact]
    public void Probabilities_below_the_floor_use_the_floor_for_correlation_and_stress()
    {
        Assert.Equal(PortfolioModel.BaselCorrelation(0.0003), PortfolioModel.BaselCorrelation(0.00001));
        Assert.Equal(
            PortfolioModel.StressedDefaultProbability(0.0003, 0.2, 0.999),
            PortfolioModel.StressedDefaultProbability(0.0, 0.2, 0.999));
    }

    [Fact]
    public void A_portfolio_matches_its_figures_computed_by_hand()
    {
        var risk = PortfolioModel.Evaluate(Book, Members);

        Assert.Equal(180, risk.TotalExposure);
        Assert.Equal(0.903, risk.ExpectedLoss, 12);
        Assert.Equal(0.0050166666666666675, risk.ExpectedLossRate!.Value, 14);
        Assert.Equal(8.974881993042592, risk.StressedLoss, 9);
        Assert.Equal(8.071881993042592, risk.UnexpectedLoss, 9);
        Assert.Equal(40.666666666666664, risk.ExposureWeightedScore!.Value, 12);
        Assert.Equal(0.4135802469135803, risk.NameHhi!.Value, 14);
        Assert.Equal(0.7222222222222223, risk.SectorHhi!.Value, 14);
        Assert.Equal([new BandExposure(null, 30), new BandExposure(Band.Low, 50), new BandExposure(Band.Elevated, 100)], risk.ExposureByBand.ToArray());

        Assert.Equal(["A", "B", "C"], risk.Positions.Select(p => p.CompanyId));
        var a = risk.Positions[0];
        Assert.Equal(0.16414553294057307, a.AssetCorrelation!.Value, 14);
        Assert.Equal(0.19025902093750235, a.StressedDefaultProbability!.Value, 12);
        Assert.Equal(8.561655942187606, a.StressedLoss!.Value, 9);
        Assert.Equal(8.561655942187606 / 8.974881993042592, a.ShareOfStressedLoss!.Value, 9);
        var c = risk.Positions[2];
        Assert.False(c.HasDefaultProbability);
        Assert.Null(c.ExpectedLoss);
        Assert.Null(c.Band);
    }

    [Fact]
    public void A_portfolio_correlation_replaces_the_basel_one_for_every_position()
    {
        var risk = PortfolioModel.Evaluate(Book with { AssetCorrelation = 0.3 }, Members);

        Assert.All(risk.Positions.Where(p => p.HasDefaultProbability), p => Assert.Equal(0.3, p.AssetCorrelation));
    }

    [Fact]
    public void With_no_exposure_the_ratios_are_absent()
    {
        var empty = new Portfolio("empty", "Nothing", "USD", [new Position("A", 0, 0.45)], null);

        var risk = PortfolioModel.Evaluate(empty, Members);

        Assert.Equal(0, risk.TotalExposure);
        Assert.Null(risk.ExpectedLossRate);
        Assert.Null(risk.NameHhi);
        Assert.Null(risk.SectorHhi);
        Assert.Null(risk.ExposureWeightedScore);
    }

    [Fact]
    public void A_portfolio_with_a_bad_id_name_currency_correlation_duplicate_negative_exposure_and_zero_lgd_names_each_field()
    {
        var bad = new Portfolio("bad id", "x\ny", "usd", [new Position("A", -1, 0), new Position("A", 1, 1.5)], 1.0);

        var fields = PortfolioRules.Validate(bad, "portfolio").Select(e => e.Field);

        Assert.Equal(
            ["portfolio.portfolio_id", "portfolio.name", "portfolio.currency", "portfolio.asset_correlation", "portfolio.positions[0].exposure", "portfolio.positions[0].lgd", "portfolio.positions[1].company_id", "portfolio.positions[1].lgd"],
            fields);
        Assert.Empty(PortfolioRules.Validate(Book, "portfolio"));
    }
}

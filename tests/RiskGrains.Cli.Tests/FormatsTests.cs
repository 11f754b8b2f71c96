using RiskGrains.Contract.V1;

namespace RiskGrains.Cli.Tests;

public sealed class FormatsTests
{
    [Theory]
    [InlineData(986.77, "986.77")]
    [InlineData(432.725, "432.725")]
    [InlineData(35425.0, "35,425")]
    [InlineData(3550000.0, "3,550,000")]
    [InlineData(0.1 + 0.2, "0.3")]
    [InlineData(-13204.4, "-13,204.4")]
    [InlineData(0.0, "0")]
    public void Money_has_thousands_separators_and_no_float_noise(double value, string expected) =>
        Assert.Equal(expected, Formats.Money(value));

    [Fact]
    public void An_absent_or_unusable_number_is_a_dash()
    {
        Assert.Equal("—", Formats.Money(null));
        Assert.Equal("—", Formats.Money(double.NaN));
        Assert.Equal("—", Formats.Score(double.PositiveInfinity));
        Assert.Equal("—", Formats.Probability(null));
        Assert.Equal("—", Formats.Months(null));
    }

    [Theory]
    [InlineData(3_550_000.0, "3.55 T")]
    [InlineData(3_700_000.0, "3.70 T")]
    [InlineData(986_770.0, "986.8 B")]
    [InlineData(540_400.0, "540.4 B")]
    [InlineData(412.0, "412 M")]
    public void Large_amounts_of_millions_are_made_short(double millions, string expected) =>
        Assert.Equal(expected, Formats.CompactMoney(millions));

    [Theory]
    [InlineData(30.0949, "30.1")]
    [InlineData(0.0, "0.0")]
    [InlineData(100.0, "100.0")]
    public void Scores_have_one_decimal(double score, string expected) => Assert.Equal(expected, Formats.Score(score));

    [Theory]
    [InlineData(1.24, "+1.2")]
    [InlineData(-0.26, "−0.3")]
    [InlineData(0.04, "0.0")]
    [InlineData(-0.04, "0.0")]
    public void A_change_of_score_carries_its_sign_and_never_reads_minus_zero(double delta, string expected) =>
        Assert.Equal(expected, Formats.Delta(delta));

    [Theory]
    [InlineData(0.34, "34 %")]
    [InlineData(0.0123, "1.2 %")]
    [InlineData(0.000204, "0.020 %")]
    [InlineData(0.0768, "7.7 %")]
    [InlineData(1.0, "100 %")]
    [InlineData(0.0, "0 %")]
    [InlineData(1e-9, "<0.0001 %")]
    [InlineData(1.2e-6, "0.00012 %")]
    public void Probabilities_are_percentages_with_two_significant_digits_never_in_exponent_form(double p, string expected) =>
        Assert.Equal(expected, Formats.Probability(p));

    [Theory]
    [InlineData(3.106, "3.11×")]
    [InlineData(14.543, "14.54×")]
    [InlineData(1234.5, "1,234.50×")]
    public void Ratios_read_as_multiples(double ratio, string expected) => Assert.Equal(expected, Formats.Multiple(ratio));

    [Fact]
    public void A_runway_at_the_models_cap_reads_as_at_least_that()
    {
        Assert.Equal("60+ mo", Formats.Months(60, capped: true));
        Assert.Equal("17 mo", Formats.Months(17));
    }

    [Theory]
    [InlineData(3, "3s")]
    [InlineData(125, "2m 05s")]
    [InlineData(3720, "1h 02m")]
    [InlineData(273600, "3d 04h")]
    [InlineData(-5, "0s")]
    public void Ages_are_coarse(int seconds, string expected) => Assert.Equal(expected, Formats.Age(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Bands_and_causes_read_as_words_and_each_band_has_its_colour()
    {
        Assert.Equal("MODERATE", Formats.Band(Band.Moderate));
        Assert.Equal("—", Formats.Band(Band.Unspecified));
        Assert.Equal("market", Formats.Cause(ChangeCause.Market));
        var colours = new[] { Band.Low, Band.Moderate, Band.Elevated, Band.High, Band.Severe }.Select(Formats.BandColour).ToList();
        Assert.Equal(colours.Count, colours.Distinct().Count());
        Assert.Equal("[green]LOW[/]", Formats.BandMarkup(Band.Low));
    }

    [Fact]
    public void The_pd_at_a_horizon_comes_from_the_term_structure()
    {
        var risk = new CompanyRisk();
        risk.PdTermStructure.Add(new PdPoint { Years = 1, CumulativeDefaultProbability = 0.001 });
        risk.PdTermStructure.Add(new PdPoint { Years = 5, CumulativeDefaultProbability = 0.02 });
        Assert.Equal(0.001, Formats.PdAt(risk, 1));
        Assert.Equal(0.02, Formats.PdAt(risk, 5));
        Assert.Null(Formats.PdAt(risk, 10));
    }
}

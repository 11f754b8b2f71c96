using System.Collections.Immutable;
using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class AltmanTests
{
    private static ImmutableArray<FinancialPeriod> WithAltmanFields(double ebitPerQuarter = 20, double retainedEarnings = 150)
    {
        var periods = BaseQuarters(p => p with
        {
            TotalAssets = 1000,
            TotalLiabilities = 600,
            CurrentAssets = 300,
            CurrentLiabilities = 200,
            RetainedEarnings = retainedEarnings,
        });
        return [.. periods.Select(p => p with { Ebit = ebitPerQuarter })];
    }

    [Fact]
    public void Altman_z_double_prime_uses_ttm_ebit_and_is_informational()
    {
        var a = Evaluate(Inputs(WithAltmanFields()));

        // 6.56 × 100/1000 + 3.26 × 150/1000 + 6.72 × 80/1000 + 1.05 × 400/600
        Assert.Equal(2.3826, a.AltmanZ!.Value, 12);
        Assert.Equal(AltmanZone.Grey, a.AltmanZone);
        Assert.Contains(RiskFlags.Informational, a.Flags);
    }

    [Theory]
    [InlineData(60, 700, AltmanZone.Safe)]
    [InlineData(-30, -400, AltmanZone.Distress)]
    public void Altman_zone_is_safe_above_2_60_and_distress_below_1_10(double ebit, double retained, AltmanZone zone)
    {
        var a = Evaluate(Inputs(WithAltmanFields(ebit, retained)));

        Assert.Equal(zone, a.AltmanZone);
        Assert.True(zone == AltmanZone.Safe ? a.AltmanZ > 2.60 : a.AltmanZ < 1.10);
    }

    [Fact]
    public void Altman_is_absent_when_a_field_is_missing()
    {
        var periods = WithAltmanFields();
        periods = periods.SetItem(3, periods[3] with { RetainedEarnings = null });

        var a = Evaluate(Inputs(periods));

        Assert.Null(a.AltmanZ);
        Assert.Equal(AltmanZone.None, a.AltmanZone);
        Assert.DoesNotContain(RiskFlags.Informational, a.Flags);
    }

    [Fact]
    public void Altman_is_absent_when_ebit_is_missing_from_a_ttm_period()
    {
        var periods = WithAltmanFields();
        periods = periods.SetItem(0, periods[0] with { Ebit = null });

        var a = Evaluate(Inputs(periods));

        Assert.Null(a.AltmanZ);
    }

    [Fact]
    public void Altman_does_not_move_the_score()
    {
        var with = Evaluate(Inputs(WithAltmanFields(-30, -400), Market()));
        var without = Evaluate(Inputs(BaseQuarters(), Market()));

        Assert.Equal(without.Score, with.Score);
    }
}

using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class LiquidityCoverageTests
{
    [Fact]
    public void Coverage_is_sources_over_uses_in_the_base_case()
    {
        var a = Evaluate(Inputs(BaseQuarters()));

        // Sources: liquidity 150 + undrawn 40 + OCF 80. Uses: short-term debt 30.
        Assert.Equal(270, a.Sources12M);
        Assert.Equal(30, a.Uses12M);
        Assert.Equal(9, a.LiquidityCoverage12M!.Value, 12);
    }

    [Fact]
    public void Commitment_payments_of_the_next_12_months_are_uses()
    {
        var a = Evaluate(Inputs(BaseQuarters(), null, CommitmentA(), CommitmentB()));

        Assert.Equal(68, a.Uses12M);
        Assert.Equal(270.0 / 68.0, a.LiquidityCoverage12M!.Value, 12);
    }

    [Fact]
    public void Ocf_haircut_and_a_closed_credit_window_shrink_sources()
    {
        var parameters = ModelParameters.Default with { OcfHaircut = 0.25, CreditWindowClosed = true };

        var a = RiskModel.Evaluate(Inputs(BaseQuarters()), parameters);

        Assert.Equal(150 + 60, a.Sources12M);
        Assert.Equal(7, a.LiquidityCoverage12M!.Value, 12);
    }

    [Fact]
    public void A_cash_burn_is_a_use_and_no_source()
    {
        var periods = BaseQuarters();
        periods = [.. periods.Select(p => p with { OperatingCashFlow = -10 })];

        var a = Evaluate(Inputs(periods));

        Assert.Equal(-40, a.OperatingCashFlowTtm);
        Assert.Equal(190, a.Sources12M);
        Assert.Equal(70, a.Uses12M);
        Assert.Equal(190.0 / 70.0, a.LiquidityCoverage12M!.Value, 12);
    }

    [Fact]
    public void No_uses_reports_99_with_flag_no_uses()
    {
        var a = Evaluate(Inputs(Annual() with { Cash = 10, OperatingCashFlow = 5 }));

        Assert.Equal(0, a.Uses12M);
        Assert.Equal(99, a.LiquidityCoverage12M);
        Assert.Contains(RiskFlags.NoUses, a.Flags);
        Assert.Equal(0, a.Components.Single(c => c.Component == CreditStressScore.Liquidity).Points);
    }
}

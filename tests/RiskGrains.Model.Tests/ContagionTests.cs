using System.Collections.Immutable;
using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class ContagionTests
{
    private static readonly Dictionary<string, double?> Scores = new() { ["B"] = 60, ["C"] = 90, ["D"] = 30 };

    [Theory]
    [InlineData(0, 0)]
    [InlineData(40, 0)]
    [InlineData(50, 0.25)]
    [InlineData(60, 0.5)]
    [InlineData(80, 1)]
    [InlineData(100, 1)]
    public void A_counterparty_transmits_nothing_below_40_and_everything_from_80(double score, double transmitted)
    {
        Assert.Equal(transmitted, Contagion.Transmitted(score), 15);
    }

    [Fact]
    public void The_haircut_adds_up_each_share_times_what_its_counterparty_transmits_and_an_unknown_one_transmits_nothing()
    {
        RevenueDependency[] dependencies = [new("B", 0.3, "cloud contract"), new("C", 0.5, "chips"), new("X", 0.1, "gone"), new("D", 0.1, "safe")];

        var contributions = Contagion.Evaluate(dependencies, id => Scores.GetValueOrDefault(id));

        Assert.Equal([0.15, 0.5, 0, 0], contributions.Select(c => c.Contribution));
        Assert.Equal([false, false, true, false], contributions.Select(c => c.IsCounterpartyUnknown));
        Assert.Equal(0.65, Contagion.Haircut(contributions), 15);
    }

    [Fact]
    public void The_haircut_is_at_most_one()
    {
        var contributions = ImmutableArray.Create(new DependencyContribution("B", 0.7, 95, 1, 0.7), new DependencyContribution("C", 0.7, 95, 1, 0.7));

        Assert.Equal(1, Contagion.Haircut(contributions));
    }

    [Fact]
    public void The_haircut_cuts_positive_revenue_ebitda_and_operating_cash_flow_before_everything_else()
    {
        var inputs = Stressed();
        var plain = RiskModel.Evaluate(inputs, ModelParameters.Default);
        var dependencies = Contagion.Evaluate([new RevenueDependency("C", 0.4, "")], id => Scores.GetValueOrDefault(id));

        var hit = RiskModel.Evaluate(inputs with { Dependencies = dependencies }, ModelParameters.Default);

        Assert.Equal(0.4, hit.ContagionHaircut);
        Assert.Equal(plain.RevenueTtm!.Value * 0.6, hit.RevenueTtm!.Value, 12);
        Assert.Equal(plain.EbitdaTtm!.Value * 0.6, hit.EbitdaTtm!.Value, 12);
        Assert.Equal(plain.OperatingCashFlowTtm!.Value * 0.6, hit.OperatingCashFlowTtm!.Value, 12);
        Assert.True(hit.Score > plain.Score, $"contagion lowered the score: {plain.Score} → {hit.Score}");
        Assert.Equal(dependencies, hit.Dependencies);
    }

    [Fact]
    public void A_negative_ebitda_and_operating_cash_flow_are_not_made_smaller_by_the_haircut()
    {
        var inputs = Inputs(Annual() with { Cash = 100, Revenue = 200, Ebitda = -20, OperatingCashFlow = -30, ShortTermDebt = 50 });
        var dependencies = Contagion.Evaluate([new RevenueDependency("C", 0.5, "")], id => Scores.GetValueOrDefault(id));

        var hit = RiskModel.Evaluate(inputs with { Dependencies = dependencies }, ModelParameters.Default);

        Assert.Equal(100, hit.RevenueTtm);
        Assert.Equal(-20, hit.EbitdaTtm);
        Assert.Equal(-30, hit.OperatingCashFlowTtm);
    }

    [Fact]
    public void Contagion_and_a_scenario_haircut_combine_multiplicatively()
    {
        var inputs = Stressed() with { Dependencies = Contagion.Evaluate([new RevenueDependency("B", 0.4, "")], id => Scores.GetValueOrDefault(id)) };
        var plain = RiskModel.EvaluateScenario(Stressed(), ModelParameters.Default, new ScenarioShocks { OcfHaircut = 0.5 });

        var both = RiskModel.EvaluateScenario(inputs, ModelParameters.Default, new ScenarioShocks { OcfHaircut = 0.5 });

        // h = 0.4 × 0.5 = 0.2: the operating cash flow counts × 0.8 × 0.5 in the sources; the rest of them unchanged.
        var ocf = Stressed().Periods[0].OperatingCashFlow;
        Assert.Equal(plain.Sources12M!.Value - (ocf * 0.5) + (ocf * 0.8 * 0.5), both.Sources12M!.Value, 12);
    }

    [Fact]
    public void Without_dependencies_nothing_changes()
    {
        var a = RiskModel.Evaluate(Stressed(), ModelParameters.Default);

        Assert.Equal(0, a.ContagionHaircut);
        Assert.Empty(a.Dependencies);
    }

    [Fact]
    public void Dependencies_with_a_bad_share_the_company_itself_a_repeated_counterparty_or_shares_above_one_name_each_field()
    {
        RevenueDependency[] dependencies = [new("A", 0.2, ""), new("B", 0, ""), new("C", 0.6, ""), new("C", 0.3, ""), new("bad id", 0.2, "")];

        var fields = DependencyRules.Validate("A", dependencies, "dependencies").Select(e => e.Field);

        Assert.Equal(
            ["dependencies[0].counterparty_id", "dependencies[1].revenue_share", "dependencies[3].counterparty_id", "dependencies[4].counterparty_id", "dependencies"],
            fields);
        Assert.Empty(DependencyRules.Validate("A", [new RevenueDependency("B", 0.5, "x"), new RevenueDependency("C", 0.5, "y")], "dependencies"));
    }
}

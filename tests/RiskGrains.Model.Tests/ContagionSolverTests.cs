using System.Collections.Immutable;
using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class ContagionSolverTests
{
    private static SystemMember Member(string id, double longTermDebt, params RevenueDependency[] dependencies)
    {
        var inputs = Stressed();
        return new SystemMember(id, inputs with { Periods = [inputs.Periods[0] with { LongTermDebt = longTermDebt }] }, [.. dependencies]);
    }

    [Fact]
    public void A_chain_reaches_a_fixed_point_where_every_company_is_evaluated_with_its_counterparties_solved_scores()
    {
        // C is in distress on its own; B rests on C, A on B.
        var members = new[] { Member("A", 100, new RevenueDependency("B", 0.8, "")), Member("B", 100, new RevenueDependency("C", 0.8, "")), Member("C", 20_000) };

        var result = ContagionSolver.Solve(members, ModelParameters.Default, shocks: null, outsideScore: _ => null);

        Assert.True(result.Converged);
        AssertFixedPoint(members, result, ModelParameters.Default, null);
        Assert.True(result.Assessments["C"].Score >= 70, $"C {result.Assessments["C"].Score}");
        Assert.True(result.Assessments["B"].ContagionHaircut > 0.4, $"B haircut {result.Assessments["B"].ContagionHaircut}");
        Assert.True(result.Assessments["A"].ContagionHaircut > 0);
        var alone = RiskModel.Evaluate(members[0].Inputs, ModelParameters.Default).Score;
        Assert.True(result.Assessments["A"].Score > alone, $"A alone {alone}, in the chain {result.Assessments["A"].Score}");
    }

    [Fact]
    public void A_cycle_ends_at_the_dead_band_on_a_fixed_point_no_lower_than_without_contagion()
    {
        var members = new[] { Member("A", 600, new RevenueDependency("B", 0.9, "")), Member("B", 600, new RevenueDependency("A", 0.9, "")) };

        var result = ContagionSolver.Solve(members, ModelParameters.Default, shocks: null, outsideScore: _ => null);

        Assert.True(result.Converged, $"no fixed point after {result.Iterations} iterations");
        AssertFixedPoint(members, result, ModelParameters.Default, null);
        foreach (var member in members)
        {
            Assert.True(result.Assessments[member.CompanyId].Score >= RiskModel.Evaluate(member.Inputs, ModelParameters.Default).Score);
        }
    }

    [Fact]
    public void Counterparties_outside_the_set_transmit_their_given_score_and_shocks_apply_to_every_member()
    {
        var members = new[] { Member("A", 100, new RevenueDependency("OUT", 0.5, "")) };
        var shocks = ScenarioShocks.Preset(ScenarioShocks.CreditFreeze);

        var result = ContagionSolver.Solve(members, ModelParameters.Default, shocks, id => id == "OUT" ? 80 : null);

        var a = result.Assessments["A"];
        Assert.Equal(0.5, a.ContagionHaircut);
        Assert.Equal(RiskModel.EvaluateScenario(members[0].Inputs with { Dependencies = Contagion.Evaluate(members[0].Dependencies, _ => 80) }, ModelParameters.Default, shocks).Score, a.Score);
    }

    /// <summary>Evaluated once more with the solved scores, no company moves by more than the dead band.</summary>
    private static void AssertFixedPoint(SystemMember[] members, SystemResult result, ModelParameters parameters, ScenarioShocks? shocks)
    {
        foreach (var member in members)
        {
            var again = member.Inputs with { Dependencies = Contagion.Evaluate(member.Dependencies, id => result.Assessments.GetValueOrDefault(id)?.Score) };
            var score = (shocks is null ? RiskModel.Evaluate(again, parameters) : RiskModel.EvaluateScenario(again, parameters, shocks)).Score!.Value;
            Assert.InRange(score - result.Assessments[member.CompanyId].Score!.Value, -Contagion.DefaultEpsilon, Contagion.DefaultEpsilon);
        }
    }
}

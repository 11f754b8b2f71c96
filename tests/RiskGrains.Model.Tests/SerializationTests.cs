using System.Text.Json;
using static RiskGrains.Model.Tests.Companies;

namespace RiskGrains.Model.Tests;

public class SerializationTests
{
    [Fact]
    public void An_assessment_round_trips_through_system_text_json()
    {
        var a = Evaluate(Inputs(Annual() with { ShortTermDebt = 60, Ebitda = -5 }, Market(200, 0.6), CommitmentA()));

        var b = JsonSerializer.Deserialize<RiskAssessment>(JsonSerializer.Serialize(a))!;

        Assert.Equal(a.Score, b.Score);
        Assert.Equal(a.Band, b.Band);
        Assert.Equal(a.RunwayCash.ToArray(), b.RunwayCash.ToArray());
        Assert.Equal(a.Components.ToArray(), b.Components.ToArray());
        Assert.Equal(a.Flags.ToArray(), b.Flags.ToArray());
        Assert.Equal(a.NotMeaningful.ToArray(), b.NotMeaningful.ToArray());
        Assert.Equal(a.Merton, b.Merton);
        Assert.Equal(a.T0, b.T0);
        Assert.Null(b.CommitmentAdjustedLeverage);
    }

    [Fact]
    public void Inputs_without_dependencies_round_trip_through_system_text_json()
    {
        var inputs = Stressed();

        var copy = JsonSerializer.Deserialize<CompanyInputs>(JsonSerializer.Serialize(inputs with { Dependencies = default }))!;

        Assert.Empty(copy.Dependencies);
        Assert.Equal(inputs.Periods.ToArray(), copy.Periods.ToArray());
    }

    [Fact]
    public void Scenario_shocks_round_trip_through_system_text_json()
    {
        var shocks = ScenarioShocks.Preset("credit-freeze") with { CommitmentAcceleration = 0.25 };

        var copy = JsonSerializer.Deserialize<ScenarioShocks>(JsonSerializer.Serialize(shocks));

        Assert.Equal(shocks, copy);
    }
}

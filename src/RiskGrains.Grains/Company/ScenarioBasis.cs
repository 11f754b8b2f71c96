using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>A company's live snapshot with the inputs behind it: what a scenario starts from.</summary>
[GenerateSerializer, Immutable, Alias("riskgrains.ScenarioBasis")]
public sealed record ScenarioBasis(
    [property: Id(0)] RiskSnapshot Snapshot,
    [property: Id(1)] CompanyInputs Inputs,
    [property: Id(2)] ModelParameters Parameters);

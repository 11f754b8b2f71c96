using System.Collections.Immutable;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// A company's live snapshot with the inputs behind it: what a scenario starts from. The inputs carry
/// what each revenue dependency transmits live; <see cref="Dependencies"/> are the dependencies
/// themselves, for a system scenario (docs/risk-model.md §4, §6).
/// </summary>
[GenerateSerializer, Immutable, Alias("riskgrains.ScenarioBasis")]
public sealed record ScenarioBasis(
    [property: Id(0)] RiskSnapshot Snapshot,
    [property: Id(1)] CompanyInputs Inputs,
    [property: Id(2)] ModelParameters Parameters,
    [property: Id(3)] ImmutableArray<RevenueDependency> Dependencies);

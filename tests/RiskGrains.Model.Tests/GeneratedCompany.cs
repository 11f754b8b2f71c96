using FsCheck.Fluent;

namespace RiskGrains.Model.Tests;

/// <summary>A valid company for property tests, with a readable description for failures.</summary>
public sealed record GeneratedCompany(CompanyInputs Inputs)
{
    public override string ToString() =>
        $"periods: [{string.Join("; ", Inputs.Periods)}]; commitments: [{string.Join("; ", Inputs.Commitments.Select(c => $"{c} payments [{string.Join(", ", c.Payments)}]"))}]; market: {Inputs.Market}";
}

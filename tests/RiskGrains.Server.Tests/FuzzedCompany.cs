using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>The writes that make one company, and a scenario to run on it, as a client might send them: valid or not.</summary>
public sealed record FuzzedCompany(
    UpsertCompanyRequest Profile,
    ReportFinancialsRequest Financials,
    IReadOnlyList<UpsertCommitmentRequest> Commitments,
    PublishMarketDataRequest Tick,
    RunScenarioRequest Scenario)
{
    public override string ToString() =>
        $"profile: {Profile}; financials: {Financials}; commitments: [{string.Join("; ", Commitments)}]; tick: {Tick}; scenario: {Scenario}";
}

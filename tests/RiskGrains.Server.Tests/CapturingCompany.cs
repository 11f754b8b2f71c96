using System.Collections.Immutable;
using RiskGrains.Grains;
using RiskGrains.Model;

namespace RiskGrains.Server.Tests;

/// <summary>
/// A company grain that only records what a write read by the request readers hands it, so that a test
/// sees exactly the inputs a request yields, without a silo.
/// </summary>
internal sealed class CapturingCompany : ICompanyGrain
{
    public CompanyProfile? Profile { get; private set; }

    public ImmutableArray<FinancialPeriod> Periods { get; private set; } = [];

    public List<Commitment> Commitments { get; } = [];

    public MarketTick? Tick { get; private set; }

    public ImmutableArray<RevenueDependency>? Dependencies { get; private set; }

    public Task<WriteResult> UpsertProfile(CompanyProfile profile)
    {
        Profile = profile;
        return Applied();
    }

    public Task<WriteResult> ReportFinancials(ImmutableArray<FinancialPeriod> periods)
    {
        Periods = periods;
        return Applied();
    }

    public Task<WriteResult> UpsertCommitment(Commitment commitment)
    {
        Commitments.RemoveAll(c => c.Id == commitment.Id);
        Commitments.Add(commitment);
        return Applied();
    }

    public Task<WriteResult> RemoveCommitment(string commitmentId) =>
        Task.FromResult(new WriteResult(1, Commitments.RemoveAll(c => c.Id == commitmentId) > 0));

    public Task<WriteResult> PublishMarketData(MarketTick tick)
    {
        Tick = tick;
        return Applied();
    }

    public Task<WriteResult> SetRevenueDependencies(ImmutableArray<RevenueDependency> dependencies)
    {
        Dependencies = dependencies;
        return Applied();
    }

    public Task<RiskSnapshot?> GetRisk() => throw new NotSupportedException();

    public Task<CompanyInputs?> GetInputs() => throw new NotSupportedException();

    public Task<ScenarioBasis?> GetScenarioBasis() => throw new NotSupportedException();

    public Task<RiskSnapshot?> Subscribe(IRiskObserver observer) => throw new NotSupportedException();

    public Task Unsubscribe(IRiskObserver observer) => throw new NotSupportedException();

    private static Task<WriteResult> Applied() => Task.FromResult(new WriteResult(1, Applied: true));
}

using System.Collections.Concurrent;
using RiskGrains.Grains;
using RiskGrains.Model;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// docs/risk-model.md §7, a portfolio under a scenario of §4: the base is the portfolio's live figures;
/// the stressed side takes each member's probability, score and band from the scenario evaluated on a
/// copy of its live inputs (as <see cref="ScenarioRunner"/> does for one company), and recomputes the
/// portfolio from them. The members are one system (<see cref="SystemScenario"/>, docs/risk-model.md §6):
/// each one's stressed state uses the stressed scores of its counterparties among them. Nothing is written back.
/// </summary>
internal sealed class PortfolioScenarioRunner(IGrainFactory grains)
{
    // The members' inputs are read this many at a time: a portfolio of 10,000 positions is 10,000 grain calls.
    private const int InFlight = 64;

    public async Task<V1.RunPortfolioScenarioResponse> Run(string portfolioId, string preset, ScenarioShocks shocks, CancellationToken cancellationToken)
    {
        var basis = await grains.GetGrain<IPortfolioGrain>(portfolioId).GetScenarioBasis() ?? throw RpcErrors.PortfolioNotFound(portfolioId);
        var portfolio = basis.Portfolio;
        var members = new ConcurrentDictionary<string, ScenarioBasis>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(portfolio.Positions, options, async (position, _) =>
        {
            // A company that does not exist (yet) has no probability on either side.
            if (await grains.GetGrain<ICompanyGrain>(position.CompanyId).GetScenarioBasis() is { } member)
            {
                members[position.CompanyId] = member;
            }
        });

        var system = SystemScenario.Stress([.. members.Values], shocks);
        var stressed = members.ToDictionary(m => m.Key, m => MemberRisk.Of(system[m.Key], m.Value.Snapshot.Profile.Sector), StringComparer.Ordinal);

        return new V1.RunPortfolioScenarioResponse
        {
            Preset = preset,
            Shocks = ProtoMapping.ToProto(shocks),
            Base = PortfolioMapping.ToProto(basis.Live),
            Stressed = PortfolioMapping.ToProto(basis.Live, PortfolioModel.Evaluate(portfolio, stressed)),
        };
    }
}

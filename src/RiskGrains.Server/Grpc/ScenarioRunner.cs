using RiskGrains.Grains;
using RiskGrains.Model;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// docs/risk-model.md §4: evaluates shocks on copies of each company's live inputs, the companies named
/// together as one system (<see cref="SystemScenario"/>, §6). Nothing is written back, so live state and
/// versions are untouched.
/// </summary>
internal sealed class ScenarioRunner(IGrainFactory grains)
{
    public async Task<V1.RunScenarioResponse> Run(IReadOnlyList<string> companyIds, string preset, ScenarioShocks shocks)
    {
        var bases = await Task.WhenAll(companyIds.Select(id => grains.GetGrain<ICompanyGrain>(id).GetScenarioBasis()));
        var unknown = companyIds.Where((_, i) => bases[i] is null).ToList();
        if (unknown.Count > 0)
        {
            throw RpcErrors.NotFound(unknown);
        }

        var system = SystemScenario.Stress(bases!, shocks);
        var response = new V1.RunScenarioResponse { Preset = preset, Shocks = ProtoMapping.ToProto(shocks) };
        foreach (var basis in bases)
        {
            var live = basis!.Snapshot;
            var stressed = live with { Assessment = system[live.CompanyId] };
            var result = new V1.ScenarioResult
            {
                CompanyId = live.CompanyId,
                Base = ProtoMapping.ToProto(live),
                Stressed = ProtoMapping.ToProto(stressed),
            };
            if (Delta(live.Assessment.Score, stressed.Assessment.Score) is { } score)
            {
                result.ScoreDelta = score;
            }

            if (live.Assessment.RunwayMonths is { } baseRunway && stressed.Assessment.RunwayMonths is { } stressedRunway)
            {
                result.RunwayMonthsDelta = stressedRunway - baseRunway;
            }

            if (Delta(live.Assessment.LiquidityCoverage12M, stressed.Assessment.LiquidityCoverage12M) is { } coverage)
            {
                result.LiquidityCoverage12MDelta = coverage;
            }

            response.Results.Add(result);
        }

        return response;
    }

    private static double? Delta(double? live, double? stressed) => live is { } a && stressed is { } b ? b - a : null;
}

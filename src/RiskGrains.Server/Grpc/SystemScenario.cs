using RiskGrains.Grains;
using RiskGrains.Model;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// docs/risk-model.md §4 and §6: a scenario over a set of companies is a system scenario. Each
/// company's stressed state uses the stressed scores of its counterparties in the set (the fixed point
/// of <see cref="ContagionSolver"/> within the set) and the live scores of those outside it, as the
/// company's live state uses them.
/// </summary>
internal static class SystemScenario
{
    /// <summary>The stressed assessment of each company of <paramref name="bases"/>, by company id.</summary>
    public static IReadOnlyDictionary<string, RiskAssessment> Stress(IReadOnlyCollection<ScenarioBasis> bases, ScenarioShocks shocks)
    {
        var stressed = new Dictionary<string, RiskAssessment>(StringComparer.Ordinal);
        if (bases.Count == 0)
        {
            return stressed;
        }

        var inSet = bases.Select(b => b.Snapshot.CompanyId).ToHashSet(StringComparer.Ordinal);
        var live = new Dictionary<string, double?>(StringComparer.Ordinal);
        var tied = new List<SystemMember>();
        foreach (var basis in bases)
        {
            foreach (var contribution in basis.Inputs.Dependencies)
            {
                live.TryAdd(contribution.CounterpartyId, contribution.CounterpartyScore);
            }

            // A company none of whose counterparties is in the set depends on nothing the scenario
            // solves: it is evaluated once, and its stressed score is given to the solver.
            if (basis.Dependencies.Any(d => inSet.Contains(d.CounterpartyId)))
            {
                tied.Add(new SystemMember(basis.Snapshot.CompanyId, basis.Inputs, basis.Dependencies));
            }
            else
            {
                stressed[basis.Snapshot.CompanyId] = RiskModel.EvaluateScenario(basis.Inputs, basis.Parameters, shocks);
            }
        }

        if (tied.Count > 0)
        {
            double? Outside(string id) => stressed.TryGetValue(id, out var alone) ? alone.Score : live.GetValueOrDefault(id);
            var solved = ContagionSolver.Solve(tied, bases.First().Parameters, shocks, Outside);
            foreach (var (id, assessment) in solved.Assessments)
            {
                stressed[id] = assessment;
            }
        }

        return stressed;
    }
}

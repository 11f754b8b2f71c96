using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>
/// The live state of companies tied by revenue dependencies is the fixed point of
/// score = f(h(scores of counterparties)) (docs/risk-model.md §6). The service reaches it by
/// propagation, one company at a time; this solves it for a set of companies at once, for system
/// scenarios and as the truth the propagation is tested against.
/// </summary>
public static class ContagionSolver
{
    public const int DefaultMaxIterations = 1_000;

    /// <summary>
    /// Each member evaluated (under <paramref name="shocks"/> when given) with the haircut from its
    /// counterparties' scores: those in the set as solved, those outside from
    /// <paramref name="outsideScore"/>. Iterated from no contagion within the set, all members at
    /// once, until no score moves by more than <paramref name="epsilon"/>: a score only rises with
    /// its counterparties', so the iteration climbs to the least fixed point above that start.
    /// </summary>
    public static SystemResult Solve(
        IReadOnlyList<SystemMember> members,
        ModelParameters parameters,
        ScenarioShocks? shocks,
        Func<string, double?> outsideScore,
        double epsilon = Contagion.DefaultEpsilon,
        int maxIterations = DefaultMaxIterations)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(outsideScore);
        var inSet = members.Select(m => m.CompanyId).ToHashSet(StringComparer.Ordinal);

        // The start: no company of the set transmits anything yet.
        var scores = new Dictionary<string, double?>(StringComparer.Ordinal);
        var assessments = new Dictionary<string, RiskAssessment>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            assessments[member.CompanyId] = Evaluate(member, id => inSet.Contains(id) ? null : outsideScore(id), parameters, shocks);
            scores[member.CompanyId] = assessments[member.CompanyId].Score;
        }

        double? ScoreOf(string id) => inSet.Contains(id) ? scores[id] : outsideScore(id);
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            var next = members.ToDictionary(m => m.CompanyId, m => Evaluate(m, ScoreOf, parameters, shocks), StringComparer.Ordinal);
            double largestMove = 0;
            foreach (var member in members)
            {
                var before = scores[member.CompanyId];
                var after = next[member.CompanyId].Score;
                largestMove = Math.Max(largestMove, before is { } b && after is { } a ? Math.Abs(a - b) : before == after ? 0 : double.PositiveInfinity);
            }

            foreach (var (id, assessment) in next)
            {
                assessments[id] = assessment;
                scores[id] = assessment.Score;
            }

            if (largestMove <= epsilon)
            {
                return new SystemResult(assessments.ToImmutableDictionary(StringComparer.Ordinal), iteration, Converged: true);
            }
        }

        return new SystemResult(assessments.ToImmutableDictionary(StringComparer.Ordinal), maxIterations, Converged: false);
    }

    private static RiskAssessment Evaluate(SystemMember member, Func<string, double?> scoreOf, ModelParameters parameters, ScenarioShocks? shocks)
    {
        var inputs = member.Inputs with { Dependencies = Contagion.Evaluate(member.Dependencies, scoreOf) };
        return shocks is null ? RiskModel.Evaluate(inputs, parameters) : RiskModel.EvaluateScenario(inputs, parameters, shocks);
    }
}

using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>Contagion through revenue dependencies (docs/risk-model.md §6), as pure functions.</summary>
public static class Contagion
{
    /// <summary>The dead band: a change of a score smaller than this is not passed on to dependents.</summary>
    public const double DefaultEpsilon = 0.01;

    /// <summary>Nothing while the counterparty is LOW or MODERATE (below 40), all of it from 80.</summary>
    public static double Transmitted(double counterpartyScore) => Math.Clamp((counterpartyScore - 40) / 40, 0, 1);

    /// <summary>Each dependency with its counterparty's live score (<paramref name="scoreOf"/>, null when unknown).</summary>
    public static ImmutableArray<DependencyContribution> Evaluate(IReadOnlyList<RevenueDependency> dependencies, Func<string, double?> scoreOf)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        ArgumentNullException.ThrowIfNull(scoreOf);
        var contributions = ImmutableArray.CreateBuilder<DependencyContribution>(dependencies.Count);
        foreach (var dependency in dependencies)
        {
            var score = scoreOf(dependency.CounterpartyId);
            double w = score is { } s ? Transmitted(s) : 0;
            contributions.Add(new DependencyContribution(dependency.CounterpartyId, dependency.RevenueShare, score, w, dependency.RevenueShare * w));
        }

        return contributions.MoveToImmutable();
    }

    /// <summary>h = min(1, Σ share × w): the haircut on a company's positive revenue, EBITDA and operating cash flow.</summary>
    public static double Haircut(ImmutableArray<DependencyContribution> contributions)
    {
        double sum = 0;
        foreach (var contribution in contributions.IsDefault ? [] : contributions)
        {
            sum += contribution.Contribution;
        }

        return Math.Min(1, sum);
    }
}

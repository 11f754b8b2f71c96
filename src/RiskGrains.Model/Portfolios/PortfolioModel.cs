using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>The portfolio figures of docs/risk-model.md §7 as pure functions.</summary>
public static class PortfolioModel
{
    /// <summary>The quantile of the systematic factor the stressed loss is taken at: the 99.9 % worst state.</summary>
    public const double DefaultStressQuantile = 0.999;

    /// <summary>The Basel floor on the probability used for the correlation and the stressed probability.</summary>
    public const double ProbabilityFloor = 0.0003;

    /// <summary>The Basel IRB corporate asset correlation: 0.24 for the safest names, falling to 0.12 as the probability rises.</summary>
    public static double BaselCorrelation(double defaultProbability)
    {
        double p = Math.Max(defaultProbability, ProbabilityFloor);
        double a = (1 - Math.Exp(-50 * p)) / (1 - Math.Exp(-50));
        return (0.12 * a) + (0.24 * (1 - a));
    }

    /// <summary>The probability of default in the <paramref name="quantile"/>-th worst systematic state (Vasicek).</summary>
    public static double StressedDefaultProbability(double defaultProbability, double correlation, double quantile)
    {
        double p = Math.Max(defaultProbability, ProbabilityFloor);
        double x = (NormalDistribution.Quantile(p) + (Math.Sqrt(correlation) * NormalDistribution.Quantile(quantile))) / Math.Sqrt(1 - correlation);
        return NormalDistribution.Cdf(x);
    }

    /// <summary>One position against its member's risk; <paramref name="stressedLossTotal"/> gives its share, when known.</summary>
    public static PositionRisk Evaluate(Position position, MemberRisk member, double? portfolioCorrelation, double quantile, double? stressedLossTotal = null)
    {
        if (member.DefaultProbability is not { } pd)
        {
            return new PositionRisk(position.CompanyId, position.Exposure, position.Lgd, member.Score, member.Band, null, null, null, null, null, null);
        }

        double rho = portfolioCorrelation ?? BaselCorrelation(pd);
        double stressed = StressedDefaultProbability(pd, rho, quantile);
        double stressedLoss = stressed * position.Lgd * position.Exposure;
        return new PositionRisk(
            position.CompanyId,
            position.Exposure,
            position.Lgd,
            member.Score,
            member.Band,
            pd,
            pd * position.Lgd * position.Exposure,
            rho,
            stressed,
            stressedLoss,
            stressedLossTotal is > 0 and var total ? stressedLoss / total : null);
    }

    /// <summary>
    /// Every figure of the portfolio recomputed from its members (a member missing from
    /// <paramref name="members"/> is unknown). The incremental <see cref="PortfolioBook"/> equals this.
    /// </summary>
    public static PortfolioRisk Evaluate(Portfolio portfolio, IReadOnlyDictionary<string, MemberRisk> members, double quantile = DefaultStressQuantile)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(members);
        var book = new PortfolioBook(portfolio, quantile);
        foreach (var position in portfolio.Positions)
        {
            book.Update(position.CompanyId, members.TryGetValue(position.CompanyId, out var member) ? member : MemberRisk.Unknown);
        }

        return book.Compose();
    }

    internal static ImmutableArray<PositionRisk> ByStressedLoss(IEnumerable<PositionRisk> positions) =>
        [.. positions.OrderByDescending(p => p.StressedLoss ?? double.NegativeInfinity).ThenBy(p => p.CompanyId, StringComparer.Ordinal)];
}

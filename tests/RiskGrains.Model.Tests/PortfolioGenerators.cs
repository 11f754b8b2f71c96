using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;

namespace RiskGrains.Model.Tests;

/// <summary>Portfolios of docs/risk-model.md §7 with members of every kind: known with a PD, without one, unknown.</summary>
public static class PortfolioGenerators
{
    private static readonly string[] Sectors = ["Technology", "Utilities", "Industrials", ""];

    public static Arbitrary<PortfolioCase> Cases() => Arb.From(Case);

    private static Gen<PortfolioCase> Case =>
        from count in Gen.Choose(1, 40)
        from exposures in Gen.ArrayOf(Exposure, count)
        from lgds in Gen.ArrayOf(Generators.Between(0.01, 1), count)
        from correlation in Gen.Frequency((3, Gen.Constant<double?>(null)), (1, Generators.Between(0.01, 0.99).Select(r => (double?)r)))
        from members in Gen.ArrayOf(Member, count)
        from updates in Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, count - 1).SelectMany(i => Member.Select(m => (i, m))), n))
        select Build(exposures, lgds, correlation, members, updates);

    private static Gen<double> Exposure => Gen.Frequency((1, Gen.Constant(0.0)), (6, from u in Generators.Unit from k in Gen.Choose(0, 6) select u * Math.Pow(10, k)));

    private static Gen<MemberRisk?> Member => Gen.Frequency(
        (1, Gen.Constant<MemberRisk?>(null)),
        (1, from score in Generators.Between(0, 100) from sector in Gen.Elements(Sectors) select (MemberRisk?)new MemberRisk(null, score, CreditStressScore.BandOf(score), sector)),
        (6, from exponent in Generators.Between(-8, 0) from score in Generators.Between(0, 100) from sector in Gen.Elements(Sectors)
            select (MemberRisk?)new MemberRisk(Math.Pow(10, exponent), score, CreditStressScore.BandOf(score), sector)));

    private static PortfolioCase Build(double[] exposures, double[] lgds, double? correlation, MemberRisk?[] members, (int Index, MemberRisk? Risk)[] updates)
    {
        var positions = exposures.Select((e, i) => new Position($"C{i}", e, lgds[i])).ToImmutableArray();
        var known = members.Select((m, i) => (Id: $"C{i}", Risk: m)).Where(m => m.Risk is not null).ToImmutableDictionary(m => m.Id, m => m.Risk!.Value);
        return new PortfolioCase(
            new Portfolio("p", "Generated", "USD", positions, correlation),
            known,
            [.. updates.Select(u => ($"C{u.Index}", u.Risk ?? MemberRisk.Unknown))]);
    }
}

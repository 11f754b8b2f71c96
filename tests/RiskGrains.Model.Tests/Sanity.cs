using RiskGrains.Model;
namespace RiskGrains.Model.Tests;
public class Sanity
{
    [Fact]
    public void Merton_vectors()
    {
        foreach (var (e, s, f, r, mu) in new[] { (2.6406e7, 0.7103, 4e7, 0.05, 0.0306), (2.6817e7, 0.3929, 3.5e7, 0.05, 0.03), (2.528e7, 0.6181, 4e7, 0.05, 0.0305) })
        {
            var m = DistanceToDefault.Merton(e, s, f, r, mu);
            Console.WriteLine($"{m}");
        }
        Console.WriteLine($"{NormalDistribution.Cdf(-1):R} {NormalDistribution.Cdf(-5):R} {NormalDistribution.Cdf(-10):R} {NormalDistribution.Cdf(1.5):R} {NormalDistribution.Cdf(-0.3):R} {NormalDistribution.Cdf(-38):R}");
    }
}

using FsCheck.Xunit;

namespace RiskGrains.Model.Tests;

[Properties(Arbitrary = [typeof(PortfolioGenerators)], MaxTest = 200)]
public class PortfolioProperties
{
    [Property]
    public void Expected_loss_is_at_most_the_stressed_loss_which_is_at_most_the_exposure_at_risk(PortfolioCase c)
    {
        var risk = PortfolioModel.Evaluate(c.Portfolio, c.Members);
        var atRisk = c.Portfolio.Positions.Sum(p => p.Exposure * p.Lgd);

        Assert.True(risk.ExpectedLoss >= 0);
        Assert.True(risk.ExpectedLoss <= risk.StressedLoss * (1 + 1e-12), $"EL {risk.ExpectedLoss} > SL {risk.StressedLoss}");
        Assert.True(risk.StressedLoss <= atRisk * (1 + 1e-12), $"SL {risk.StressedLoss} > Σ LGD × EAD {atRisk}");
    }

    [Property]
    public void Raising_one_members_probability_never_lowers_the_expected_or_the_stressed_loss(PortfolioCase c)
    {
        var before = PortfolioModel.Evaluate(c.Portfolio, c.Members);
        foreach (var (id, member) in c.Members.Where(m => m.Value.DefaultProbability is < 0.5))
        {
            var raised = c.Members.SetItem(id, member with { DefaultProbability = member.DefaultProbability * 1.5 });

            var after = PortfolioModel.Evaluate(c.Portfolio, raised);

            Assert.True(after.ExpectedLoss >= before.ExpectedLoss * (1 - 1e-12), $"EL fell raising {id}");
            Assert.True(after.StressedLoss >= before.StressedLoss * (1 - 1e-12), $"SL fell raising {id}");
        }
    }

    [Property]
    public void Scaling_every_exposure_scales_the_losses_and_leaves_the_ratios_unchanged(PortfolioCase c)
    {
        const double k = 1e6;
        var scaled = c.Portfolio with { Positions = [.. c.Portfolio.Positions.Select(p => p with { Exposure = p.Exposure * k })] };

        var a = PortfolioModel.Evaluate(c.Portfolio, c.Members);
        var b = PortfolioModel.Evaluate(scaled, c.Members);

        Close(a.TotalExposure * k, b.TotalExposure);
        Close(a.ExpectedLoss * k, b.ExpectedLoss);
        Close(a.StressedLoss * k, b.StressedLoss);
        Close(a.ExpectedLossRate, b.ExpectedLossRate);
        Close(a.ExposureWeightedScore, b.ExposureWeightedScore);
        Close(a.NameHhi, b.NameHhi);
        Close(a.SectorHhi, b.SectorHhi);
    }

    [Property]
    public void The_incremental_book_equals_a_full_recomputation_after_any_member_updates(PortfolioCase c)
    {
        var book = new PortfolioBook(c.Portfolio);
        foreach (var (id, member) in c.Members)
        {
            book.Update(id, member);
        }

        var latest = c.Members.ToDictionary();
        foreach (var (id, member) in c.Updates)
        {
            book.Update(id, member);
            latest[id] = member;
        }

        var incremental = book.Compose();
        var full = PortfolioModel.Evaluate(c.Portfolio, latest);

        Close(full.ExpectedLoss, incremental.ExpectedLoss, 1e-9);
        Close(full.StressedLoss, incremental.StressedLoss, 1e-9);
        Close(full.UnexpectedLoss, incremental.UnexpectedLoss, 1e-9);
        Close(full.ExposureWeightedScore, incremental.ExposureWeightedScore, 1e-9);
        Assert.Equal(full.ExposureByBand.Select(b => b.Band), incremental.ExposureByBand.Select(b => b.Band));
        for (int i = 0; i < full.ExposureByBand.Length; i++)
        {
            Close(full.ExposureByBand[i].Exposure, incremental.ExposureByBand[i].Exposure, 1e-9);
        }

        Assert.Equal(full.Positions.Select(p => p.CompanyId), incremental.Positions.Select(p => p.CompanyId));
    }

    // Relative, with a floor far below a currency unit for figures whose true value is (near) zero.
    private static void Close(double? expected, double? actual, double relative = 1e-9)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is { } e && actual is { } a)
        {
            Assert.True(Math.Abs(e - a) <= (relative * Math.Max(Math.Abs(e), Math.Abs(a))) + 1e-15, $"expected {e}, got {a}");
        }
    }
}

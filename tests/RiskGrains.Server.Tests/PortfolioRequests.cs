using Grpc.Core;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Grpc;
using MemberRisk = RiskGrains.Model.MemberRisk;

namespace RiskGrains.Server.Tests;

/// <summary>Well-formed portfolio requests, members to hold, and what the model says of them.</summary>
internal static class PortfolioRequests
{
    public static string NewPortfolioId(string prefix = "P") => Requests.NewCompanyId(prefix);

    public static UpsertPortfolioRequest Portfolio(string id, params (string CompanyId, double Exposure, double Lgd)[] positions)
    {
        var portfolio = new Portfolio { PortfolioId = id, Name = $"Book {id}", Currency = "USD" };
        portfolio.Positions.Add(positions.Select(p => new Position { CompanyId = p.CompanyId, Exposure = p.Exposure, Lgd = p.Lgd }));
        return new UpsertPortfolioRequest { Portfolio = portfolio };
    }

    /// <summary>A company with one period, one commitment and a tick, so it has a probability of default.</summary>
    public static async Task<string> MemberAsync(RiskService.RiskServiceClient client, string prefix = "M", double marketCap = 1_000)
    {
        var id = Requests.NewCompanyId(prefix);
        await Requests.CreateAsync(client, id);
        await client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow.AddMinutes(-10), marketCap));
        return id;
    }

    /// <summary>What a portfolio reads of each company, from GetRisk; a company that does not exist is left out (unknown).</summary>
    public static async Task<Dictionary<string, MemberRisk>> LiveMembersAsync(RiskService.RiskServiceClient client, IEnumerable<string> companyIds)
    {
        var members = new Dictionary<string, MemberRisk>(StringComparer.Ordinal);
        foreach (var id in companyIds)
        {
            try
            {
                members[id] = Member((await client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk);
            }
            catch (RpcException unknown) when (unknown.StatusCode == StatusCode.NotFound)
            {
            }
        }

        return members;
    }

    public static MemberRisk Member(CompanyRisk risk) => new(
        risk.HasCommitmentAdjustedDefaultProbability ? risk.CommitmentAdjustedDefaultProbability : null,
        risk.HasScore ? risk.Score : null,
        ProtoMapping.ToDomain(risk.Band),
        risk.Profile.Sector);

    /// <summary>The portfolio of a request, as the service reads it (an unset LGD is 0.45).</summary>
    public static Model.Portfolio Domain(UpsertPortfolioRequest request) => new(
        request.Portfolio.PortfolioId,
        request.Portfolio.Name,
        request.Portfolio.Currency,
        [.. request.Portfolio.Positions.Select(p => new Model.Position(p.CompanyId, p.Exposure, p.Lgd == 0 ? Model.Position.DefaultLgd : p.Lgd))],
        request.Portfolio.HasAssetCorrelation ? request.Portfolio.AssetCorrelation : null);

    /// <summary>The figures a client received are the model's, field by field (the shares to rounding).</summary>
    public static void AssertFigures(Model.PortfolioRisk expected, PortfolioRisk actual)
    {
        Assert.Equal(expected.PortfolioId, actual.PortfolioId);
        Assert.Equal(expected.TotalExposure, actual.TotalExposure, 9);
        Assert.Equal(expected.ExpectedLoss, actual.ExpectedLoss, 12);
        Assert.Equal(expected.StressedLoss, actual.StressedLoss, 9);
        Assert.Equal(expected.UnexpectedLoss, actual.UnexpectedLoss, 9);
        Assert.Equal(expected.ExpectedLossRate, actual.HasExpectedLossRate ? actual.ExpectedLossRate : null);
        Assert.Equal(expected.ExposureWeightedScore, actual.HasExposureWeightedScore ? actual.ExposureWeightedScore : null);
        Assert.Equal(expected.NameHhi, actual.HasNameHhi ? actual.NameHhi : null);
        Assert.Equal(expected.SectorHhi, actual.HasSectorHhi ? actual.SectorHhi : null);
        Assert.Equal(
            expected.ExposureByBand.Select(b => (ProtoMapping.ToProto(b.Band), b.Exposure)),
            actual.ExposureByBand.Select(b => (b.Band, b.Exposure)));
        Assert.Equal(expected.Positions.Select(p => p.CompanyId), actual.Positions.Select(p => p.CompanyId));
        foreach (var (e, a) in expected.Positions.Zip(actual.Positions))
        {
            Assert.Equal(
                (e.Exposure, e.Lgd, e.Score, ProtoMapping.ToProto(e.Band), e.DefaultProbability, e.ExpectedLoss, e.AssetCorrelation, e.StressedDefaultProbability, e.StressedLoss),
                (a.Exposure, a.Lgd, a.HasScore ? a.Score : (double?)null, a.Band, a.HasDefaultProbability ? a.DefaultProbability : (double?)null, a.HasExpectedLoss ? a.ExpectedLoss : (double?)null,
                 a.HasAssetCorrelation ? a.AssetCorrelation : (double?)null, a.HasStressedDefaultProbability ? a.StressedDefaultProbability : (double?)null, a.HasStressedLoss ? a.StressedLoss : (double?)null));
            Assert.Equal(e.ShareOfStressedLoss ?? -1, a.HasShareOfStressedLoss ? a.ShareOfStressedLoss : -1, 12);
            Assert.Equal(e.HasDefaultProbability ? [] : ["no_pd"], a.Flags);
        }
    }
}

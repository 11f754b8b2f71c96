using Google.Protobuf.WellKnownTypes;
using RiskGrains.Grains;
using RiskGrains.Model;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>Maps portfolios' figures to the contract's messages (requests are read by <see cref="RequestReader"/>).</summary>
internal static class PortfolioMapping
{
    public static V1.PortfolioRisk ToProto(PortfolioSnapshot snapshot) => ToProto(snapshot, snapshot.Risk);

    /// <summary>The figures <paramref name="risk"/> with the identity and timing of <paramref name="snapshot"/> (a scenario's stressed side).</summary>
    public static V1.PortfolioRisk ToProto(PortfolioSnapshot snapshot, PortfolioRisk risk)
    {
        var message = new V1.PortfolioRisk
        {
            PortfolioId = risk.PortfolioId,
            Name = snapshot.Name,
            Currency = snapshot.Currency,
            Version = snapshot.Version,
            AsOf = Timestamp.FromDateTimeOffset(snapshot.AsOf),
            TotalExposure = risk.TotalExposure,
            ExpectedLoss = risk.ExpectedLoss,
            StressedLoss = risk.StressedLoss,
            UnexpectedLoss = risk.UnexpectedLoss,
        };
        if (risk.ExpectedLossRate is { } rate)
        {
            message.ExpectedLossRate = rate;
        }

        if (risk.ExposureWeightedScore is { } score)
        {
            message.ExposureWeightedScore = score;
        }

        if (risk.NameHhi is { } names)
        {
            message.NameHhi = names;
        }

        if (risk.SectorHhi is { } sectors)
        {
            message.SectorHhi = sectors;
        }

        foreach (var band in risk.ExposureByBand)
        {
            message.ExposureByBand.Add(new V1.BandExposure { Band = ProtoMapping.ToProto(band.Band), Exposure = band.Exposure });
        }

        foreach (var position in risk.Positions)
        {
            message.Positions.Add(ToProto(position));
        }

        return message;
    }

    public static V1.PortfolioSummary ToProto(PortfolioListing listing) => new()
    {
        PortfolioId = listing.PortfolioId,
        Name = listing.Name,
        Currency = listing.Currency,
        Positions = listing.Positions,
        Version = listing.Version,
    };

    private static V1.PositionRisk ToProto(PositionRisk position)
    {
        var message = new V1.PositionRisk
        {
            CompanyId = position.CompanyId,
            Exposure = position.Exposure,
            Lgd = position.Lgd,
            Band = ProtoMapping.ToProto(position.Band),
        };
        if (position.Score is { } score)
        {
            message.Score = score;
        }

        if (position.DefaultProbability is { } pd)
        {
            message.DefaultProbability = pd;
        }
        else
        {
            message.Flags.Add(PositionRisk.NoPd);
        }

        if (position.ExpectedLoss is { } expected)
        {
            message.ExpectedLoss = expected;
        }

        if (position.AssetCorrelation is { } rho)
        {
            message.AssetCorrelation = rho;
        }

        if (position.StressedDefaultProbability is { } stressed)
        {
            message.StressedDefaultProbability = stressed;
        }

        if (position.StressedLoss is { } loss)
        {
            message.StressedLoss = loss;
        }

        if (position.ShareOfStressedLoss is { } share)
        {
            message.ShareOfStressedLoss = share;
        }

        return message;
    }
}

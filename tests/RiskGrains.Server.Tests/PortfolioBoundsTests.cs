using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Grpc;
using RiskGrains.Server.Hosting;

namespace RiskGrains.Server.Tests;

/// <summary>
/// PortfolioService's messages that grow with the positions, built at their largest under the default
/// limits: a 10,000-position UpsertPortfolio fits the receive limit, its figures the send limit, twice
/// in a scenario; settings that would break either stop the server.
/// </summary>
public sealed class PortfolioBoundsTests
{
    private static readonly LimitsOptions Limits = new();

    [Fact]
    public void An_UpsertPortfolio_of_the_most_positions_with_the_longest_ids_and_name_fits_the_receive_limit()
    {
        var request = new UpsertPortfolioRequest { Portfolio = new Portfolio { PortfolioId = Id(0), Name = Text(Limits.MaxNameLength), Currency = "USD", AssetCorrelation = 0.123456789 } };
        request.Portfolio.Positions.Add(Enumerable.Range(0, Limits.MaxPortfolioPositions).Select(i => new Position { CompanyId = Id(i), Exposure = 1e15 / 3, Lgd = 0.45 }));

        Assert.Equal(10_000, Limits.MaxPortfolioPositions);
        Assert.InRange(request.CalculateSize(), 800_000, PortfolioBounds.UpsertPortfolio(Limits));
        Assert.InRange(PortfolioBounds.UpsertPortfolio(Limits), 0, Limits.MaxReceiveMessageSize);
    }

    [Fact]
    public void The_figures_of_the_most_positions_fit_their_bound_and_a_scenarios_two_sides_the_send_limit()
    {
        var risk = LargestRisk();
        var scenario = new RunPortfolioScenarioResponse
        {
            Preset = "ai-revenue-delay",
            Shocks = new ScenarioShocks { EquityShock = -0.99, VolatilityMultiplier = 10, RateShockBps = -10_000, SpreadShockBps = 10_000, OcfHaircut = 1, EbitdaHaircut = 1, CreditWindowClosed = true, CommitmentAcceleration = 1 },
            Base = risk,
            Stressed = risk,
        };

        Assert.InRange(new GetPortfolioResponse { Risk = risk }.CalculateSize(), 1_500_000, PortfolioBounds.PortfolioRisk(Limits));
        Assert.InRange(new WatchPortfolioResponse { Risk = risk }.CalculateSize(), 1_500_000, PortfolioBounds.PortfolioRisk(Limits));
        Assert.InRange(scenario.CalculateSize(), 3_000_000, PortfolioBounds.RunPortfolioScenario(Limits));
        Assert.InRange(PortfolioBounds.RunPortfolioScenario(Limits), 0, Limits.MaxSendMessageSize);
    }

    [Fact]
    public void Positions_that_would_outgrow_the_message_limits_stop_the_server_naming_the_settings()
    {
        var problems = new LimitsOptions { MaxPortfolioPositions = 100_000 }.Problems().ToList();

        Assert.Contains(problems, p => p.StartsWith("RiskGrains:Limits:MaxPortfolioPositions (100000) allows an UpsertPortfolio request of up to", StringComparison.Ordinal)
            && p.EndsWith("more than RiskGrains:Limits:MaxReceiveMessageSize (4194304): such a portfolio could not be sent", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("RiskGrains:Limits:MaxPortfolioPositions (100000) allows a RunPortfolioScenario response of up to", StringComparison.Ordinal)
            && p.EndsWith("more than RiskGrains:Limits:MaxSendMessageSize (4194304)", StringComparison.Ordinal));
        Assert.Empty(new LimitsOptions { MaxPortfolioPositions = 100_000, MaxReceiveMessageSize = 16 << 20, MaxSendMessageSize = 64 << 20 }.Problems());
    }

    // Every field set, the flag too, though a position with a probability carries none.
    private static PortfolioRisk LargestRisk()
    {
        var risk = new PortfolioRisk
        {
            PortfolioId = Id(0),
            Name = Text(Limits.MaxNameLength),
            Currency = "USD",
            Version = ulong.MaxValue,
            AsOf = Timestamp.FromDateTimeOffset(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999)),
            TotalExposure = 1e19 / 3,
            ExpectedLoss = 1e17 / 3,
            ExpectedLossRate = 1.0 / 3,
            StressedLoss = 1e18 / 3,
            UnexpectedLoss = 2e18 / 3,
            ExposureWeightedScore = 100.0 / 3,
            NameHhi = 1.0 / 3,
            SectorHhi = 2.0 / 3,
        };
        risk.ExposureByBand.Add(System.Enum.GetValues<Band>().Select(b => new BandExposure { Band = b, Exposure = 1e19 / 7 }));
        risk.Positions.Add(Enumerable.Range(0, Limits.MaxPortfolioPositions).Select(i => new PositionRisk
        {
            CompanyId = Id(i),
            Exposure = 1e15 / 3,
            Lgd = 0.45,
            Score = 100.0 / 3,
            Band = Band.Severe,
            DefaultProbability = 1.0 / 3,
            ExpectedLoss = 1e14 / 3,
            AssetCorrelation = 0.12345,
            StressedDefaultProbability = 2.0 / 3,
            StressedLoss = 2e14 / 3,
            ShareOfStressedLoss = 1e-5 / 3,
            Flags = { "no_pd" },
        }));
        return risk;
    }

    private static string Id(int i) => $"{i:D6}".PadRight(64, 'x');

    // Three UTF-8 bytes per UTF-16 code unit, the most there is.
    private static string Text(int length) => new('€', length);
}

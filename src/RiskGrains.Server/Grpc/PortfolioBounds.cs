using RiskGrains.Server.Hosting;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// The largest encoded sizes of PortfolioService's messages that grow with the positions, worked out
/// from the limits as <see cref="ResponseBounds"/> does for RiskService: a portfolio of
/// <see cref="LimitsOptions.MaxPortfolioPositions"/> positions must be sendable (its UpsertPortfolio
/// within the receive limit) and readable (its figures within the send limit, twice in a scenario),
/// or the server does not start. PortfolioBoundsTests builds each message at its largest.
/// </summary>
internal static class PortfolioBounds
{
    // A tag and a length prefix of up to five bytes in front of an embedded message.
    private const int Embedded = 6;

    private const int Id = 2 + 64;

    // A double, with its tag.
    private const int Number = 9;

    /// <summary>One Position of a request: a company id, the exposure and the LGD (a small message: a tag and a one-byte length).</summary>
    public const int RequestPosition = 2 + Id + Number + Number;

    /// <summary>One PositionRisk: a company id, nine numbers, a band and the flag no_pd.</summary>
    public const int PositionRisk = Embedded + Id + (9 * Number) + 2 + (2 + 5);

    /// <summary>A PortfolioRisk without its name and positions: the id, the currency, eight numbers, six bands, the version and the time.</summary>
    public const int PortfolioRiskWithoutPositions = Id + 5 + (8 * Number) + (6 * (2 + 2 + Number)) + 11 + (Embedded + 24);

    // A tag, a length of up to three bytes, and at most three UTF-8 bytes per UTF-16 code unit.
    private static long Text(int maxLength) => 4 + (3L * maxLength);

    /// <summary>UpsertPortfolioRequest at its largest.</summary>
    public static long UpsertPortfolio(LimitsOptions limits) =>
        Embedded + Id + Text(limits.MaxNameLength) + 5 + Number + ((long)limits.MaxPortfolioPositions * RequestPosition);

    /// <summary>One PortfolioRisk at its largest: GetPortfolioResponse and each WatchPortfolioResponse hold one.</summary>
    public static long PortfolioRisk(LimitsOptions limits) =>
        Embedded + PortfolioRiskWithoutPositions + Text(limits.MaxNameLength) + ((long)limits.MaxPortfolioPositions * PositionRisk);

    /// <summary>RunPortfolioScenarioResponse: the preset, the shocks, base and stressed figures.</summary>
    public static long RunPortfolioScenario(LimitsOptions limits) => 256 + (2 * PortfolioRisk(limits));

    /// <summary>A problem for each message that the limits would let outgrow its limit.</summary>
    public static IEnumerable<string> Problems(LimitsOptions limits)
    {
        var positions = $"{LimitsOptions.Key(nameof(LimitsOptions.MaxPortfolioPositions))} ({limits.MaxPortfolioPositions})";
        var receive = $"{LimitsOptions.Key(nameof(LimitsOptions.MaxReceiveMessageSize))} ({limits.MaxReceiveMessageSize})";
        var send = $"{LimitsOptions.Key(nameof(LimitsOptions.MaxSendMessageSize))} ({limits.MaxSendMessageSize})";
        if (UpsertPortfolio(limits) > limits.MaxReceiveMessageSize)
        {
            yield return $"{positions} allows an UpsertPortfolio request of up to {UpsertPortfolio(limits)} bytes, more than {receive}: such a portfolio could not be sent";
        }

        if (RunPortfolioScenario(limits) > limits.MaxSendMessageSize)
        {
            yield return $"{positions} allows a RunPortfolioScenario response of up to {RunPortfolioScenario(limits)} bytes, more than {send}";
        }
    }
}

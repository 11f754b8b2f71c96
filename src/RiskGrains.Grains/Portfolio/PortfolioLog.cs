using Microsoft.Extensions.Logging;

namespace RiskGrains.Grains;

/// <summary>One log line per change of a portfolio's definition, with the principal behind it.</summary>
internal static partial class PortfolioLog
{
    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Portfolio {PortfolioId} version {Version}: {Positions} positions by {Principal}")]
    public static partial void Upserted(ILogger logger, string portfolioId, ulong version, int positions, string principal);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Portfolio {PortfolioId} removed at version {Version} by {Principal}")]
    public static partial void Removed(ILogger logger, string portfolioId, ulong version, string principal);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Portfolio {PortfolioId}: subscribing to member {CompanyId} failed; the next refresh retries")]
    public static partial void SubscribeFailed(ILogger logger, Exception exception, string portfolioId, string companyId);
}

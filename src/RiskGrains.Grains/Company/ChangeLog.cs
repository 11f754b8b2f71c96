using Microsoft.Extensions.Logging;

namespace RiskGrains.Grains;

/// <summary>
/// One log line per applied change, with the principal behind it: fundamentals writes at
/// Information, ticks at Debug (a feed applies hundreds of thousands a second).
/// </summary>
internal static partial class ChangeLog
{
    public static void Applied(ILogger logger, string companyId, ulong version, ChangeCause cause, string principal)
    {
        if (cause == ChangeCause.Market)
        {
            TickApplied(logger, companyId, version, principal);
        }
        else
        {
            FundamentalsChanged(logger, companyId, version, cause, principal);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{CompanyId} version {Version}: {Cause} by {Principal}")]
    private static partial void FundamentalsChanged(ILogger logger, string companyId, ulong version, ChangeCause cause, string principal);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{CompanyId} version {Version}: Market by {Principal}")]
    private static partial void TickApplied(ILogger logger, string companyId, ulong version, string principal);
}

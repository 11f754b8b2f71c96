using Microsoft.Extensions.Logging;

namespace RiskGrains.Grains;

/// <summary>
/// One log line per applied change, with the principal behind it: fundamentals writes at
/// Information, ticks and contagion at Debug (a feed applies hundreds of thousands a second, and a
/// cascade can recompute every company many times).
/// </summary>
internal static partial class ChangeLog
{
    public static void Applied(ILogger logger, string companyId, ulong version, ChangeCause cause, string principal)
    {
        if (cause is ChangeCause.Market or ChangeCause.Contagion)
        {
            LiveChangeApplied(logger, companyId, version, cause, principal);
        }
        else
        {
            FundamentalsChanged(logger, companyId, version, cause, principal);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{CompanyId} version {Version}: {Cause} by {Principal}")]
    private static partial void FundamentalsChanged(ILogger logger, string companyId, ulong version, ChangeCause cause, string principal);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{CompanyId} version {Version}: {Cause} by {Principal}")]
    private static partial void LiveChangeApplied(ILogger logger, string companyId, ulong version, ChangeCause cause, string principal);
}

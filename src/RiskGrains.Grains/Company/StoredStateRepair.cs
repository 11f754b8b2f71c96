using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// What an earlier version could store and this one refuses, found when a company is activated: a
/// period ending further ahead than any report can (it would stay t0 for good), and a market state
/// dated beyond the clock-skew bound (every real tick would be ignored as older). Both are dropped,
/// so such a company is never stuck; the activation stores the repair as a new version.
/// </summary>
internal static class StoredStateRepair
{
    /// <summary>
    /// A company's records as an activation resumes them: the clock restored from both, the newer market
    /// state, and any repair stored as a new version before the company is used.
    /// </summary>
    public static async Task<(CompanyFundamentals Fundamentals, MarketTick? Tick)> Resume(
        IPersistentState<CompanyState> state, MarketRecord market, VersionClock clock, TimeSpan maxClockSkew, ILogger logger, CancellationToken cancellationToken)
    {
        var company = state.State;

        // The market record is newer when ticks followed the last fundamentals write.
        clock.Restore(new VersionStamp(company.Version, company.VersionCeiling), new VersionStamp(market.Version, market.VersionCeiling));
        var newest = market.Version > company.Version ? market.Market : company.Market;
        var (fundamentals, kept, dropped) = Repair(CompanyFundamentals.Of(company), newest, DateTimeOffset.UtcNow, maxClockSkew);
        if (dropped.Length > 0)
        {
            logger.LogWarning("{CompanyId}: dropped {Dropped}, stored by an earlier version beyond today's bounds", company.Profile?.Id, string.Join("; ", dropped));
            var stamp = clock.Next();
            state.State = CompanyState.Of(fundamentals, kept, stamp);
            await state.WriteStateAsync(cancellationToken);
            clock.Commit(stamp);
        }

        return (fundamentals, kept is null ? null : MarketTick.From(kept));
    }

    /// <summary>The fundamentals and market state to keep, and what was dropped (empty when nothing).</summary>
    public static (CompanyFundamentals Fundamentals, MarketState? Market, ImmutableArray<string> Dropped) Repair(
        CompanyFundamentals fundamentals, MarketState? market, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        var latestEnd = InputRules.PeriodEndRange(DateOnly.FromDateTime(now.UtcDateTime)).Latest;
        var dropped = ImmutableArray.CreateBuilder<string>();
        var periods = fundamentals.Periods;
        if (periods.Any(p => p.PeriodEnd > latestEnd))
        {
            dropped.AddRange(periods.Where(p => p.PeriodEnd > latestEnd).Select(p => $"the period ending {p.PeriodEnd:yyyy-MM-dd}"));
            periods = [.. periods.Where(p => p.PeriodEnd <= latestEnd)];
        }

        if (market is not null && !InputRules.IsPlausibleAsOf(market.AsOf, now, maxClockSkew))
        {
            dropped.Add($"the market state as of {market.AsOf:yyyy-MM-ddTHH:mm:ssZ}");
            market = null;
        }

        return (fundamentals with { Periods = periods }, market, dropped.ToImmutable());
    }
}

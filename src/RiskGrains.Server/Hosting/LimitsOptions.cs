using RiskGrains.Grains;
using RiskGrains.Server.Grpc;

namespace RiskGrains.Server.Hosting;

/// <summary>
/// The section <c>RiskGrains:Limits</c>: the bounds every request is held to, so that bad or absurd
/// input can neither poison a company's state nor exhaust the server (docs/operations.md, limits).
/// An error caused by one of them names its key. The rules of the model itself (money, volatility,
/// rates, dates, shocks) are not settings: they are what keeps every result finite (docs/risk-model.md §1).
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "RiskGrains:Limits";

    private const int MiB = 1024 * 1024;

    /// <summary>Largest request message, an Ingest batch included, in bytes (gRPC's own default is 4 MiB).</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * MiB;

    /// <summary>
    /// Largest response message, in bytes. gRPC clients refuse larger messages by default, so each
    /// response that can grow is bounded by the limits below to stay within it (checked at start).
    /// </summary>
    public int MaxSendMessageSize { get; set; } = 4 * MiB;

    /// <summary>Characters (UTF-16 code units) of a company's name.</summary>
    public int MaxNameLength { get; set; } = 200;

    public int MaxSectorLength { get; set; } = 100;

    public int MaxCounterpartyLength { get; set; } = 200;

    /// <summary>Characters of the <c>source</c> of a period or a commitment.</summary>
    public int MaxSourceLength { get; set; } = 500;

    public int MaxPeriodsPerRequest { get; set; } = 100;

    public int MaxDebtMaturitiesPerPeriod { get; set; } = 200;

    public int MaxPaymentsPerCommitment { get; set; } = 240;

    /// <summary>Commitments one company's book may hold: every write stores the whole book.</summary>
    public int MaxCommitmentsPerCompany { get; set; } = CompanyGrainOptions.DefaultMaxCommitments;

    /// <summary>Revenue dependencies one company may declare (docs/risk-model.md §6): every write stores the whole list.</summary>
    public int MaxRevenueDependencies { get; set; } = 100;

    /// <summary>Company ids one WatchRisk stream may name.</summary>
    public int MaxWatchCompanies { get; set; } = 10_000;

    /// <summary>Company ids one RunScenario may name; each result holds two CompanyRisk messages.</summary>
    public int MaxScenarioCompanies { get; set; } = 500;

    /// <summary>
    /// Positions one portfolio may hold. Each member update costs the portfolio the same whatever
    /// its size; what grows is its stored definition, its UpsertPortfolio request and its figures
    /// (GetPortfolio, WatchPortfolio, twice in RunPortfolioScenario): 10,000 keep them within 4 MiB (checked at start).
    /// </summary>
    public int MaxPortfolioPositions { get; set; } = 10_000;

    /// <summary>Largest ListCompanies and ListPortfolios page.</summary>
    public int MaxPageSize { get; set; } = 1_000;

    /// <summary>Points one GetHistory returns at most; more in the range are downsampled.</summary>
    public int MaxHistoryPoints { get; set; } = 1_000;

    /// <summary>Peers one GetPeers lists at most (the percentile counts them all).</summary>
    public int MaxPeers { get; set; } = 1_000;

    /// <summary>How far after the server's clock a tick's <c>as_of</c> may be.</summary>
    public TimeSpan MaxClockSkew { get; set; } = CompanyGrainOptions.DefaultMaxClockSkew;

    /// <summary>An Ingest stream that sends no complete message for this long is ended.</summary>
    public TimeSpan IngestIdleTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Concurrent Ingest streams on this server; each may hold a message of up to <see cref="MaxReceiveMessageSize"/> while it arrives.</summary>
    public int MaxIngestStreams { get; set; } = 128;

    public int MaxIngestStreamsPerPrincipal { get; set; } = 32;

    /// <summary>Concurrent WatchRisk streams on this server.</summary>
    public int MaxWatchStreams { get; set; } = 2_048;

    public int MaxWatchStreamsPerPrincipal { get; set; } = 1_024;

    /// <summary>Concurrent WatchPortfolio streams on this server; each holds up to one pending set of figures, every position included.</summary>
    public int MaxPortfolioWatchStreams { get; set; } = 256;

    public int MaxPortfolioWatchStreamsPerPrincipal { get; set; } = 64;

    /// <summary>Alert rules the service holds at most; every silo keeps them all in memory, indexed by company.</summary>
    public int MaxAlertRules { get; set; } = 1_000;

    /// <summary>Company ids one alert rule may name (a larger set is a portfolio); bounds ListAlertRules with <see cref="MaxAlertRules"/>.</summary>
    public int MaxAlertRuleCompanies { get; set; } = 50;

    /// <summary>Concurrent WatchAlerts streams on this server; each may hold up to RiskGrains:AlertStreamQueue alerts.</summary>
    public int MaxAlertWatchStreams { get; set; } = 256;

    public int MaxAlertWatchStreamsPerPrincipal { get; set; } = 64;

    /// <summary>Write calls per second per principal, refilled every second (a token bucket; an Ingest stream is one call).</summary>
    public int WriteRatePerSecond { get; set; } = 1_000;

    /// <summary>Write calls a principal may make at once, the size of its token bucket.</summary>
    public int WriteBurst { get; set; } = 2_000;

    /// <summary>The configuration key of a setting of this section, as messages name it.</summary>
    public static string Key(string setting) => $"{Section}:{setting}";

    /// <summary>Every setting that is out of range, named by its configuration key.</summary>
    public IEnumerable<string> Problems()
    {
        var checks = new (string Name, long Value, long Min, long Max)[]
        {
            (nameof(MaxReceiveMessageSize), MaxReceiveMessageSize, 64 * 1024, 64 * MiB),
            (nameof(MaxSendMessageSize), MaxSendMessageSize, 64 * 1024, 64 * MiB),
            (nameof(MaxNameLength), MaxNameLength, 1, 10_000),
            (nameof(MaxSectorLength), MaxSectorLength, 1, 10_000),
            (nameof(MaxCounterpartyLength), MaxCounterpartyLength, 1, 10_000),
            (nameof(MaxSourceLength), MaxSourceLength, 1, 10_000),
            (nameof(MaxPeriodsPerRequest), MaxPeriodsPerRequest, 1, 10_000),
            (nameof(MaxDebtMaturitiesPerPeriod), MaxDebtMaturitiesPerPeriod, 1, 10_000),
            (nameof(MaxPaymentsPerCommitment), MaxPaymentsPerCommitment, 1, 10_000),
            (nameof(MaxCommitmentsPerCompany), MaxCommitmentsPerCompany, 1, 100_000),
            (nameof(MaxRevenueDependencies), MaxRevenueDependencies, 1, 10_000),
            (nameof(MaxWatchCompanies), MaxWatchCompanies, 1, 100_000),
            (nameof(MaxScenarioCompanies), MaxScenarioCompanies, 1, 100_000),
            (nameof(MaxPortfolioPositions), MaxPortfolioPositions, 1, 100_000),
            (nameof(MaxPageSize), MaxPageSize, 1, 10_000),
            (nameof(MaxHistoryPoints), MaxHistoryPoints, 1, 100_000),
            (nameof(MaxPeers), MaxPeers, 1, 100_000),
            (nameof(MaxIngestStreams), MaxIngestStreams, 1, 100_000),
            (nameof(MaxIngestStreamsPerPrincipal), MaxIngestStreamsPerPrincipal, 1, MaxIngestStreams),
            (nameof(MaxWatchStreams), MaxWatchStreams, 1, 100_000),
            (nameof(MaxWatchStreamsPerPrincipal), MaxWatchStreamsPerPrincipal, 1, MaxWatchStreams),
            (nameof(MaxPortfolioWatchStreams), MaxPortfolioWatchStreams, 1, 100_000),
            (nameof(MaxPortfolioWatchStreamsPerPrincipal), MaxPortfolioWatchStreamsPerPrincipal, 1, MaxPortfolioWatchStreams),
            (nameof(MaxAlertRules), MaxAlertRules, 1, 100_000),
            (nameof(MaxAlertRuleCompanies), MaxAlertRuleCompanies, 1, 100_000),
            (nameof(MaxAlertWatchStreams), MaxAlertWatchStreams, 1, 100_000),
            (nameof(MaxAlertWatchStreamsPerPrincipal), MaxAlertWatchStreamsPerPrincipal, 1, MaxAlertWatchStreams),
            (nameof(WriteRatePerSecond), WriteRatePerSecond, 1, 1_000_000),
            (nameof(WriteBurst), WriteBurst, 1, 10_000_000),
        };
        foreach (var (name, value, min, max) in checks)
        {
            if (value < min || value > max)
            {
                yield return $"{Key(name)} must be between {min} and {max}";
            }
        }

        if (Settings.OutOfRange("Limits:" + nameof(MaxClockSkew), MaxClockSkew, TimeSpan.Zero, TimeSpan.FromDays(1)) is { } skew)
        {
            yield return skew;
        }

        if (Settings.OutOfRange("Limits:" + nameof(IngestIdleTimeout), IngestIdleTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)) is { } idle)
        {
            yield return idle;
        }

        foreach (var problem in ResponseBounds.Problems(this).Concat(PortfolioBounds.Problems(this)).Concat(AlertBounds.Problems(this)))
        {
            yield return problem;
        }
    }
}

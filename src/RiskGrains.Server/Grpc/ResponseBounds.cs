using RiskGrains.Server.Hosting;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// The largest encoded size of each response that can grow, worked out from the limits, so that every
/// response stays under <see cref="LimitsOptions.MaxSendMessageSize"/> by construction: a setting that
/// would let one outgrow it stops the server at start, by name. ResponseBoundsTests builds each response
/// at its largest and checks it against these figures.
/// </summary>
internal static class ResponseBounds
{
    /// <summary>
    /// A CompanyRisk without its profile's free text: two ids of 64 characters, the silo's name (up to
    /// <see cref="MaxSiloNameLength"/>), about forty numbers, 61 runway values, five components, every
    /// flag and not-meaningful entry, each with its tag and length.
    /// </summary>
    public const int CompanyRiskWithoutText = 3_072;

    /// <summary>A silo's name, "S" + address:port:generation; an IPv6 address is the longest.</summary>
    public const int MaxSiloNameLength = 128;

    /// <summary>An Ingest error's message: at most <see cref="RpcErrors.MaxFieldErrorsPerIngestItem"/> field errors of at most 256 ASCII characters each.</summary>
    public const int IngestErrorMessage = 64 + (RpcErrors.MaxFieldErrorsPerIngestItem * 258);

    // A tag, a length of up to three bytes (2^21), and at most three UTF-8 bytes per UTF-16 code unit
    // (a surrogate pair, two units, is four bytes).
    private static long Text(int maxLength) => 4 + (3L * maxLength);

    private const int Id = 2 + 64;

    // A tag and a length prefix of up to five bytes in front of an embedded message.
    private const int Embedded = 6;

    public static long CompanyRisk(LimitsOptions limits) =>
        CompanyRiskWithoutText + Text(limits.MaxNameLength) + Text(limits.MaxSectorLength);

    /// <summary>GetRiskResponse and each WatchRiskResponse: one CompanyRisk, its cause and its trace id.</summary>
    public static long RiskUpdate(LimitsOptions limits) => Embedded + Embedded + CompanyRisk(limits) + 2 + 2 + 32;

    /// <summary>One ListCompanies page: rows of id, name, band and score, and the next page's token.</summary>
    public static long ListCompanies(LimitsOptions limits) =>
        ((long)limits.MaxPageSize * (Embedded + Id + Text(limits.MaxNameLength) + 2 + 9)) + Text(PageToken.MaxLength);

    /// <summary>One RunScenario: per company its id, base and stressed CompanyRisk and three deltas; the shocks and the preset.</summary>
    public static long RunScenario(LimitsOptions limits) =>
        ((long)limits.MaxScenarioCompanies * (Embedded + Id + (2 * (Embedded + CompanyRisk(limits))) + (3 * 10))) + 256;

    /// <summary>
    /// One GetHistory: per point its version, time, cause, band, five numbers and the caller's name of at
    /// most <see cref="Grains.HistoryPoint.MaxChangedByLength"/> characters.
    /// </summary>
    public static long History(LimitsOptions limits) =>
        (long)limits.MaxHistoryPoints * (Embedded + 11 + (Embedded + 11 + 6) + 2 + 2 + (4 * 9) + 11 + Text(Grains.HistoryPoint.MaxChangedByLength));

    /// <summary>One GetPeers: the sector, the percentile, the count and per peer its id, score and band.</summary>
    public static long Peers(LimitsOptions limits) =>
        Text(limits.MaxSectorLength) + 9 + 11 + ((long)limits.MaxPeers * (Embedded + Id + 9 + 2));

    /// <summary>IngestResponse: three counts and at most <see cref="IngestProcessor.MaxReportedErrors"/> errors.</summary>
    public static long Ingest => 33 + ((long)IngestProcessor.MaxReportedErrors * (Embedded + 11 + Id + 4 + IngestErrorMessage));

    /// <summary>A problem for each response that the limits would let outgrow the send limit.</summary>
    public static IEnumerable<string> Problems(LimitsOptions limits)
    {
        var send = limits.MaxSendMessageSize;
        var sendKey = LimitsOptions.Key(nameof(LimitsOptions.MaxSendMessageSize));
        var text = $"{LimitsOptions.Key(nameof(LimitsOptions.MaxNameLength))} ({limits.MaxNameLength}) and {LimitsOptions.Key(nameof(LimitsOptions.MaxSectorLength))} ({limits.MaxSectorLength})";
        if (RiskUpdate(limits) > send)
        {
            yield return $"{text} allow a CompanyRisk of up to {RiskUpdate(limits)} bytes, more than {sendKey} ({send})";
        }

        if (ListCompanies(limits) > send)
        {
            yield return $"{LimitsOptions.Key(nameof(LimitsOptions.MaxPageSize))} ({limits.MaxPageSize}) and {LimitsOptions.Key(nameof(LimitsOptions.MaxNameLength))} ({limits.MaxNameLength}) allow a ListCompanies page of up to {ListCompanies(limits)} bytes, more than {sendKey} ({send})";
        }

        if (RunScenario(limits) > send)
        {
            yield return $"{LimitsOptions.Key(nameof(LimitsOptions.MaxScenarioCompanies))} ({limits.MaxScenarioCompanies}), {text} allow a RunScenario response of up to {RunScenario(limits)} bytes, more than {sendKey} ({send})";
        }

        if (History(limits) > send)
        {
            yield return $"{LimitsOptions.Key(nameof(LimitsOptions.MaxHistoryPoints))} ({limits.MaxHistoryPoints}) allows a GetHistory response of up to {History(limits)} bytes, more than {sendKey} ({send})";
        }

        if (Peers(limits) > send)
        {
            yield return $"{LimitsOptions.Key(nameof(LimitsOptions.MaxPeers))} ({limits.MaxPeers}) allows a GetPeers response of up to {Peers(limits)} bytes, more than {sendKey} ({send})";
        }

        if (Ingest > send)
        {
            yield return $"an Ingest response can take up to {Ingest} bytes, more than {sendKey} ({send})";
        }
    }
}

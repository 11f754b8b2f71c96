using RiskGrains.Model;
using RiskGrains.Server.Hosting;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// One reader per request of the contract. Each returns what the request asks for and adds every
/// offending field to <c>errors</c>, with paths under <c>path</c> ("" for a unary call, the item's
/// field name inside an Ingest item). The unary RPCs and Ingest read through the same methods.
/// </summary>
internal static partial class RequestReader
{
    public static CompanyWrite Read(V1.UpsertCompanyRequest request, string path, RequestLimits limits, List<FieldError> errors)
    {
        var profile = MessageReader.Profile(request.Profile, InputRules.Join(path, "profile"), limits, errors);
        return new CompanyWrite(profile?.Id ?? "", company => company.UpsertProfile(profile!));
    }

    public static CompanyWrite Read(V1.ReportFinancialsRequest request, string path, RequestLimits limits, List<FieldError> errors)
    {
        var id = MessageReader.CompanyId(request.CompanyId, InputRules.Join(path, "company_id"), errors);
        var periods = MessageReader.Periods(request.Periods, InputRules.Join(path, "periods"), limits, errors);
        return new CompanyWrite(id, company => company.ReportFinancials(periods));
    }

    public static CompanyWrite Read(V1.UpsertCommitmentRequest request, string path, RequestLimits limits, List<FieldError> errors)
    {
        var id = MessageReader.CompanyId(request.CompanyId, InputRules.Join(path, "company_id"), errors);
        var commitment = MessageReader.Commitment(request.Commitment, InputRules.Join(path, "commitment"), limits, errors);
        return new CompanyWrite(id, company => company.UpsertCommitment(commitment!));
    }

    public static CompanyWrite Read(V1.RemoveCommitmentRequest request, string path, List<FieldError> errors)
    {
        var id = MessageReader.CompanyId(request.CompanyId, InputRules.Join(path, "company_id"), errors);
        var commitmentId = request.CommitmentId;
        errors.AddRange(InputRules.ValidateId(commitmentId, InputRules.Join(path, "commitment_id")));
        return new CompanyWrite(id, company => company.RemoveCommitment(commitmentId));
    }

    public static CompanyWrite Read(V1.PublishMarketDataRequest request, string path, RequestLimits limits, List<FieldError> errors)
    {
        var tick = MessageReader.Tick(request.MarketData, InputRules.Join(path, "market_data"), limits, errors);
        return new CompanyWrite(request.MarketData?.CompanyId ?? "", company => company.PublishMarketData(tick!.Value));
    }

    public static CompanyWrite Read(V1.SetRevenueDependenciesRequest request, string path, RequestLimits limits, List<FieldError> errors)
    {
        var id = MessageReader.CompanyId(request.CompanyId, InputRules.Join(path, "company_id"), errors);
        var dependencies = MessageReader.Dependencies(id, request.Dependencies, InputRules.Join(path, "dependencies"), limits, errors);
        return new CompanyWrite(id, company => company.SetRevenueDependencies(dependencies));
    }

    /// <summary>One item of an Ingest batch: the write it holds, read as its own RPC would read it.</summary>
    public static CompanyWrite? Read(V1.IngestItem item, RequestLimits limits, List<FieldError> errors)
    {
        switch (item.ItemCase)
        {
            case V1.IngestItem.ItemOneofCase.UpsertCompany:
                return Read(item.UpsertCompany, "upsert_company", limits, errors);
            case V1.IngestItem.ItemOneofCase.ReportFinancials:
                return Read(item.ReportFinancials, "report_financials", limits, errors);
            case V1.IngestItem.ItemOneofCase.UpsertCommitment:
                return Read(item.UpsertCommitment, "upsert_commitment", limits, errors);
            case V1.IngestItem.ItemOneofCase.RemoveCommitment:
                return Read(item.RemoveCommitment, "remove_commitment", errors);
            case V1.IngestItem.ItemOneofCase.PublishMarketData:
                return Read(item.PublishMarketData, "publish_market_data", limits, errors);
            case V1.IngestItem.ItemOneofCase.SetRevenueDependencies:
                return Read(item.SetRevenueDependencies, "set_revenue_dependencies", limits, errors);
            default:
                errors.Add(new FieldError("item", "must hold one of the writes"));
                return null;
        }
    }

    /// <summary>
    /// A tick of an Ingest item when it is well formed, without allocating (the feed's hot path);
    /// false for anything else, which <see cref="Read(V1.IngestItem, RequestLimits, List{FieldError})"/> then reads.
    /// </summary>
    public static bool TryReadTick(V1.IngestItem item, RequestLimits limits, out string companyId, out Grains.MarketTick tick)
    {
        companyId = "";
        tick = default;
        if (item.ItemCase != V1.IngestItem.ItemOneofCase.PublishMarketData
            || !MessageReader.TryReadTick(item.PublishMarketData.MarketData, limits, out tick))
        {
            return false;
        }

        companyId = item.PublishMarketData.MarketData.CompanyId;
        return true;
    }

    public static string Read(V1.GetRiskRequest request, List<FieldError> errors) =>
        MessageReader.CompanyId(request.CompanyId, "company_id", errors);

    /// <summary>
    /// The distinct company ids of a watch, in the order first named; the versions the client already holds of some
    /// of them; and the fields of CompanyRisk each update is to carry.
    /// </summary>
    public static (IReadOnlyList<string> CompanyIds, IReadOnlyDictionary<string, ulong> Held, CompanyRiskMask Mask) Read(V1.WatchRiskRequest request, RequestLimits limits, List<FieldError> errors)
    {
        var ids = CompanyIds(request.CompanyIds, limits.Options.MaxWatchCompanies, nameof(LimitsOptions.MaxWatchCompanies), errors);
        var watched = ids.ToHashSet(StringComparer.Ordinal);
        foreach (var id in request.ResumeVersions.Keys.Where(id => !watched.Contains(id)).Take(10))
        {
            // The map's keys carry no index: the id is named only when it is a well-formed one.
            errors.Add(new FieldError("resume_versions", InputRules.IsValidCompanyId(id) ? $"names '{id}', which company_ids does not" : "names a company that company_ids does not"));
        }

        return (ids, request.ResumeVersions, CompanyRiskMask.Read(request.ReadMask, "read_mask", errors));
    }

    public static (string? After, int PageSize, Band? Band) Read(V1.ListCompaniesRequest request, RequestLimits limits, List<FieldError> errors)
    {
        var (after, pageSize) = Page(request.PageSize, request.PageToken, limits, errors);
        return (after, pageSize, ProtoMapping.ToDomain(request.Band));
    }

    // A listing's page: its size (0 means the default) and the token of the row it follows.
    private static (string? After, int PageSize) Page(int pageSize, string pageToken, RequestLimits limits, List<FieldError> errors)
    {
        var max = limits.Options.MaxPageSize;
        if (pageSize < 0 || pageSize > max)
        {
            errors.Add(new FieldError(
                "page_size",
                $"must be between 1 and {max} (0 means {limits.DefaultPageSize}; {LimitsOptions.Key(nameof(LimitsOptions.MaxPageSize))})"));
        }

        var after = PageToken.Decode(pageToken);
        if (pageToken.Length > 0 && after is null)
        {
            errors.Add(new FieldError("page_token", "is not a token this service issued"));
        }

        return (after, pageSize == 0 ? limits.DefaultPageSize : pageSize);
    }

    /// <summary>The company, the range [start, end) (either end may be open) and the most points to return.</summary>
    public static (string CompanyId, DateTimeOffset? Start, DateTimeOffset? End, int MaxPoints) Read(V1.GetHistoryRequest request, RequestLimits limits, List<FieldError> errors)
    {
        var id = MessageReader.CompanyId(request.CompanyId, "company_id", errors);
        var start = request.StartTime is null ? null : MessageReader.Timestamp(request.StartTime, "start_time", errors);
        var end = request.EndTime is null ? null : MessageReader.Timestamp(request.EndTime, "end_time", errors);
        if (start is { } s && end is { } e && e <= s)
        {
            errors.Add(new FieldError("end_time", "must be after start_time"));
        }

        var max = limits.Options.MaxHistoryPoints;
        if (request.MaxPoints < 0 || request.MaxPoints > max)
        {
            errors.Add(new FieldError("max_points", $"must be between 1 and {max} (0 means {max}; {LimitsOptions.Key(nameof(LimitsOptions.MaxHistoryPoints))})"));
        }

        return (id, start, end, request.MaxPoints == 0 ? max : request.MaxPoints);
    }

    public static (string CompanyId, int MaxPeers) Read(V1.GetPeersRequest request, RequestLimits limits, List<FieldError> errors)
    {
        var id = MessageReader.CompanyId(request.CompanyId, "company_id", errors);
        var max = limits.Options.MaxPeers;
        if (request.MaxPeers < 0 || request.MaxPeers > max)
        {
            errors.Add(new FieldError("max_peers", $"must be between 1 and {max} (0 means {max}; {LimitsOptions.Key(nameof(LimitsOptions.MaxPeers))})"));
        }

        return (id, request.MaxPeers == 0 ? max : request.MaxPeers);
    }

    public static (IReadOnlyList<string> CompanyIds, string Preset, ScenarioShocks Shocks) Read(V1.RunScenarioRequest request, RequestLimits limits, List<FieldError> errors)
    {
        var ids = CompanyIds(request.CompanyIds, limits.Options.MaxScenarioCompanies, nameof(LimitsOptions.MaxScenarioCompanies), errors);
        var shocks = Scenario(
            request.ScenarioCase == V1.RunScenarioRequest.ScenarioOneofCase.Preset ? request.Preset : null,
            request.ScenarioCase == V1.RunScenarioRequest.ScenarioOneofCase.Shocks ? request.Shocks : null,
            errors);
        return (ids, request.Preset, shocks);
    }

    // A scenario oneof: the preset when it is the one set, else the explicit shocks when they are.
    private static ScenarioShocks Scenario(string? preset, V1.ScenarioShocks? shocks, List<FieldError> errors)
    {
        if (preset is not null)
        {
            if (ScenarioShocks.PresetNames.Contains(preset))
            {
                return ScenarioShocks.Preset(preset);
            }

            errors.Add(new FieldError("preset", $"must be one of {string.Join(", ", ScenarioShocks.PresetNames)}"));
            return ScenarioShocks.None;
        }

        if (shocks is null)
        {
            errors.Add(new FieldError("scenario", "must be a preset or explicit shocks"));
            return ScenarioShocks.None;
        }

        var read = MessageReader.Shocks(shocks);
        errors.AddRange(read.Validate("shocks"));
        return read;
    }

    private static string[] CompanyIds(IList<string> ids, int max, string setting, List<FieldError> errors)
    {
        if (ids.Count == 0)
        {
            errors.Add(new FieldError("company_ids", "must name at least one company"));
        }

        // Too many: the ids are not read, so a huge list costs no more than its count.
        if (!RequestLimits.Count(ids.Count, max, "companies", setting, "company_ids", errors))
        {
            return [];
        }

        for (var i = 0; i < ids.Count; i++)
        {
            MessageReader.CompanyId(ids[i], $"company_ids[{i}]", errors);
        }

        return ids.Distinct(StringComparer.Ordinal).ToArray();
    }
}

using RiskGrains.Model;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// One reader per request of the contract. Each returns what the request asks for and adds every
/// offending field to <c>errors</c>, with paths under <c>path</c> ("" for a unary call, the item's
/// field name inside an Ingest item). The unary RPCs and Ingest read through the same methods.
/// </summary>
internal static class RequestReader
{
    public const int MaxWatchedCompanies = 10_000;
    public const int MaxScenarioCompanies = 1_000;
    public const int MaxPageSize = 1_000;
    public const int DefaultPageSize = 100;

    public static CompanyWrite Read(V1.UpsertCompanyRequest request, string path, List<FieldError> errors)
    {
        var profile = MessageReader.Profile(request.Profile, InputRules.Join(path, "profile"), errors);
        return new CompanyWrite(profile?.Id ?? "", company => company.UpsertProfile(profile!));
    }

    public static CompanyWrite Read(V1.ReportFinancialsRequest request, string path, List<FieldError> errors)
    {
        var id = MessageReader.CompanyId(request.CompanyId, InputRules.Join(path, "company_id"), errors);
        var periods = MessageReader.Periods(request.Periods, InputRules.Join(path, "periods"), errors);
        return new CompanyWrite(id, company => company.ReportFinancials(periods));
    }

    public static CompanyWrite Read(V1.UpsertCommitmentRequest request, string path, List<FieldError> errors)
    {
        var id = MessageReader.CompanyId(request.CompanyId, InputRules.Join(path, "company_id"), errors);
        var commitment = MessageReader.Commitment(request.Commitment, InputRules.Join(path, "commitment"), errors);
        return new CompanyWrite(id, company => company.UpsertCommitment(commitment!));
    }

    public static CompanyWrite Read(V1.RemoveCommitmentRequest request, string path, List<FieldError> errors)
    {
        var id = MessageReader.CompanyId(request.CompanyId, InputRules.Join(path, "company_id"), errors);
        var commitmentId = request.CommitmentId;
        if (string.IsNullOrWhiteSpace(commitmentId))
        {
            errors.Add(new FieldError(InputRules.Join(path, "commitment_id"), "must not be empty"));
        }

        return new CompanyWrite(id, company => company.RemoveCommitment(commitmentId));
    }

    public static CompanyWrite Read(V1.PublishMarketDataRequest request, string path, List<FieldError> errors)
    {
        var tick = MessageReader.Tick(request.MarketData, InputRules.Join(path, "market_data"), errors);
        return new CompanyWrite(request.MarketData?.CompanyId ?? "", company => company.PublishMarketData(tick!.Value));
    }

    /// <summary>One item of an Ingest batch: the write it holds, read as its own RPC would read it.</summary>
    public static CompanyWrite? Read(V1.IngestItem item, List<FieldError> errors)
    {
        switch (item.ItemCase)
        {
            case V1.IngestItem.ItemOneofCase.UpsertCompany:
                return Read(item.UpsertCompany, "upsert_company", errors);
            case V1.IngestItem.ItemOneofCase.ReportFinancials:
                return Read(item.ReportFinancials, "report_financials", errors);
            case V1.IngestItem.ItemOneofCase.UpsertCommitment:
                return Read(item.UpsertCommitment, "upsert_commitment", errors);
            case V1.IngestItem.ItemOneofCase.RemoveCommitment:
                return Read(item.RemoveCommitment, "remove_commitment", errors);
            case V1.IngestItem.ItemOneofCase.PublishMarketData:
                return Read(item.PublishMarketData, "publish_market_data", errors);
            default:
                errors.Add(new FieldError("item", "must hold one of the writes"));
                return null;
        }
    }

    /// <summary>
    /// A tick of an Ingest item when it is well formed, without allocating (the feed's hot path);
    /// false for anything else, which <see cref="Read(V1.IngestItem, List{FieldError})"/> then reads.
    /// </summary>
    public static bool TryReadTick(V1.IngestItem item, out string companyId, out Grains.MarketTick tick)
    {
        companyId = "";
        tick = default;
        if (item.ItemCase != V1.IngestItem.ItemOneofCase.PublishMarketData
            || !MessageReader.TryReadTick(item.PublishMarketData.MarketData, out tick))
        {
            return false;
        }

        companyId = item.PublishMarketData.MarketData.CompanyId;
        return true;
    }

    public static string Read(V1.GetRiskRequest request, List<FieldError> errors) =>
        MessageReader.CompanyId(request.CompanyId, "company_id", errors);

    /// <summary>The distinct company ids of a watch, in the order first named.</summary>
    public static IReadOnlyList<string> Read(V1.WatchRiskRequest request, List<FieldError> errors) =>
        CompanyIds(request.CompanyIds, MaxWatchedCompanies, "per stream", errors);

    public static (string? After, int PageSize, Band? Band) Read(V1.ListCompaniesRequest request, List<FieldError> errors)
    {
        if (request.PageSize is < 0 or > MaxPageSize)
        {
            errors.Add(new FieldError("page_size", $"must be between 1 and {MaxPageSize} (0 means {DefaultPageSize})"));
        }

        var after = PageToken.Decode(request.PageToken);
        if (request.PageToken.Length > 0 && after is null)
        {
            errors.Add(new FieldError("page_token", "is not a token this service issued"));
        }

        return (after, request.PageSize == 0 ? DefaultPageSize : request.PageSize, ProtoMapping.ToDomain(request.Band));
    }

    public static (IReadOnlyList<string> CompanyIds, string Preset, ScenarioShocks Shocks) Read(V1.RunScenarioRequest request, List<FieldError> errors)
    {
        var ids = CompanyIds(request.CompanyIds, MaxScenarioCompanies, "", errors);
        var shocks = ScenarioShocks.None;
        switch (request.ScenarioCase)
        {
            case V1.RunScenarioRequest.ScenarioOneofCase.Preset when ScenarioShocks.PresetNames.Contains(request.Preset):
                shocks = ScenarioShocks.Preset(request.Preset);
                break;
            case V1.RunScenarioRequest.ScenarioOneofCase.Preset:
                errors.Add(new FieldError("preset", $"must be one of {string.Join(", ", ScenarioShocks.PresetNames)}"));
                break;
            case V1.RunScenarioRequest.ScenarioOneofCase.Shocks:
                shocks = MessageReader.Shocks(request.Shocks);
                errors.AddRange(shocks.Validate("shocks"));
                break;
            default:
                errors.Add(new FieldError("scenario", "must be a preset or explicit shocks"));
                break;
        }

        return (ids, request.Preset, shocks);
    }

    private static string[] CompanyIds(IList<string> ids, int max, string scope, List<FieldError> errors)
    {
        if (ids.Count == 0)
        {
            errors.Add(new FieldError("company_ids", "must name at least one company"));
        }
        else if (ids.Count > max)
        {
            errors.Add(new FieldError("company_ids", $"must name at most {max} companies{(scope.Length > 0 ? " " + scope : "")}"));
        }

        for (var i = 0; i < ids.Count; i++)
        {
            MessageReader.CompanyId(ids[i], $"company_ids[{i}]", errors);
        }

        return ids.Distinct(StringComparer.Ordinal).ToArray();
    }
}

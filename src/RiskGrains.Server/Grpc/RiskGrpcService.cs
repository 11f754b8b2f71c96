using Grpc.Core;
using RiskGrains.Grains;
using RiskGrains.Model;
using RiskGrains.Server.Watch;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// The RiskService contract. Thin on purpose: read and check the request, call the company
/// grain, map the answer back. A rejected request reaches no grain, so it changes nothing.
/// </summary>
internal sealed class RiskGrpcService(IGrainFactory grains, WatchHub hub, IngestProcessor ingest, ScenarioRunner scenarios) : V1.RiskService.RiskServiceBase
{
    private const int MaxWatchedCompanies = 10_000;

    public override async Task<V1.UpsertCompanyResponse> UpsertCompany(V1.UpsertCompanyRequest request, ServerCallContext context)
    {
        var profile = Checked(errors => ProtoMapping.ToDomain(request.Profile, "profile", errors));
        var result = await Company(profile!.Id).UpsertProfile(profile);
        return new V1.UpsertCompanyResponse { Version = result.Version };
    }

    public override async Task<V1.ReportFinancialsResponse> ReportFinancials(V1.ReportFinancialsRequest request, ServerCallContext context)
    {
        var periods = Checked(errors =>
        {
            ProtoMapping.CompanyId(request.CompanyId, "company_id", errors);
            return ProtoMapping.ToDomain(request.Periods, "periods", errors);
        });
        var result = await Write(request.CompanyId, g => g.ReportFinancials(periods));
        return new V1.ReportFinancialsResponse { Version = result.Version };
    }

    public override async Task<V1.UpsertCommitmentResponse> UpsertCommitment(V1.UpsertCommitmentRequest request, ServerCallContext context)
    {
        var commitment = Checked(errors =>
        {
            ProtoMapping.CompanyId(request.CompanyId, "company_id", errors);
            return ProtoMapping.ToDomain(request.Commitment, "commitment", errors);
        });
        var result = await Write(request.CompanyId, g => g.UpsertCommitment(commitment!));
        return new V1.UpsertCommitmentResponse { Version = result.Version };
    }

    public override async Task<V1.RemoveCommitmentResponse> RemoveCommitment(V1.RemoveCommitmentRequest request, ServerCallContext context)
    {
        Checked(errors =>
        {
            ProtoMapping.CompanyId(request.CompanyId, "company_id", errors);
            if (string.IsNullOrWhiteSpace(request.CommitmentId))
            {
                errors.Add(new FieldError("commitment_id", "must not be empty"));
            }

            return true;
        });
        var result = await Write(request.CompanyId, g => g.RemoveCommitment(request.CommitmentId));
        return new V1.RemoveCommitmentResponse { Version = result.Version, Removed = result.Applied };
    }

    public override async Task<V1.PublishMarketDataResponse> PublishMarketData(V1.PublishMarketDataRequest request, ServerCallContext context)
    {
        var tick = Checked(errors => ProtoMapping.ToDomain(request.MarketData, "market_data", errors));
        var result = await Write(request.MarketData.CompanyId, g => g.PublishMarketData(tick!.Value));
        return new V1.PublishMarketDataResponse { Version = result.Version, Applied = result.Applied };
    }

    public override Task<V1.IngestResponse> Ingest(IAsyncStreamReader<V1.IngestRequest> requestStream, ServerCallContext context) =>
        ingest.Run(requestStream, context.CancellationToken);

    public override async Task<V1.GetRiskResponse> GetRisk(V1.GetRiskRequest request, ServerCallContext context)
    {
        Checked(errors => ProtoMapping.CompanyId(request.CompanyId, "company_id", errors));
        var snapshot = await Company(request.CompanyId).GetRisk();
        if (snapshot is null)
        {
            RpcErrors.NotFound($"company '{request.CompanyId}' is unknown");
        }

        return new V1.GetRiskResponse { Risk = ProtoMapping.ToProto(snapshot) };
    }

    public override async Task<V1.ListCompaniesResponse> ListCompanies(V1.ListCompaniesRequest request, ServerCallContext context)
    {
        var after = Checked(errors =>
        {
            if (request.PageSize is < 0 or > 1000)
            {
                errors.Add(new FieldError("page_size", "must be between 1 and 1000 (0 means 100)"));
            }

            var decoded = PageToken.Decode(request.PageToken);
            if (request.PageToken.Length > 0 && decoded is null)
            {
                errors.Add(new FieldError("page_token", "is not a token this service issued"));
            }

            return decoded;
        });
        var page = await grains.GetGrain<ICompanyDirectoryGrain>(0)
            .List(after, request.PageSize == 0 ? 100 : request.PageSize, ProtoMapping.ToDomain(request.Band));
        var response = new V1.ListCompaniesResponse
        {
            NextPageToken = page.NextAfter is null ? "" : PageToken.Encode(page.NextAfter),
        };
        foreach (var listing in page.Companies)
        {
            response.Companies.Add(new V1.CompanySummary
            {
                CompanyId = listing.CompanyId,
                Name = listing.Name,
                Band = ProtoMapping.ToProto(listing.Band),
            });
        }

        return response;
    }

    public override async Task WatchRisk(V1.WatchRiskRequest request, IServerStreamWriter<V1.WatchRiskResponse> responseStream, ServerCallContext context)
    {
        var ids = Checked(errors =>
        {
            if (request.CompanyIds.Count == 0)
            {
                errors.Add(new FieldError("company_ids", "must name at least one company"));
            }
            else if (request.CompanyIds.Count > MaxWatchedCompanies)
            {
                errors.Add(new FieldError("company_ids", $"must name at most {MaxWatchedCompanies} companies per stream"));
            }

            for (var i = 0; i < request.CompanyIds.Count; i++)
            {
                ProtoMapping.CompanyId(request.CompanyIds[i], $"company_ids[{i}]", errors);
            }

            return request.CompanyIds.Distinct(StringComparer.Ordinal).ToArray();
        });

        var stream = new WatchStream(ids);
        try
        {
            var unknown = await hub.Attach(stream);
            if (unknown.Count > 0)
            {
                RpcErrors.NotFound($"unknown companies: {string.Join(", ", unknown)}");
            }

            await foreach (var snapshot in stream.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(new V1.WatchRiskResponse { Update = ProtoMapping.ToUpdate(snapshot) }, context.CancellationToken);
            }

            // The stream ends only when this server stops: the client should reconnect (to another silo).
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.Unavailable, "the server is shutting down; watch again to resume"));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away: nothing to report, only to release.
        }
        finally
        {
            hub.Detach(stream);
        }
    }

    public override Task<V1.RunScenarioResponse> RunScenario(V1.RunScenarioRequest request, ServerCallContext context)
    {
        var (ids, preset, shocks) = Checked(errors =>
        {
            if (request.CompanyIds.Count == 0)
            {
                errors.Add(new FieldError("company_ids", "must name at least one company"));
            }
            else if (request.CompanyIds.Count > ScenarioRunner.MaxCompanies)
            {
                errors.Add(new FieldError("company_ids", $"must name at most {ScenarioRunner.MaxCompanies} companies"));
            }

            for (var i = 0; i < request.CompanyIds.Count; i++)
            {
                ProtoMapping.CompanyId(request.CompanyIds[i], $"company_ids[{i}]", errors);
            }

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
                    shocks = ScenarioRunner.ToDomain(request.Shocks);
                    errors.AddRange(shocks.Validate("shocks"));
                    break;
                default:
                    errors.Add(new FieldError("scenario", "must be a preset or explicit shocks"));
                    break;
            }

            return (request.CompanyIds.Distinct(StringComparer.Ordinal).ToArray(), request.Preset, shocks);
        });
        return scenarios.Run(ids, preset, shocks);
    }

    private ICompanyGrain Company(string id) => grains.GetGrain<ICompanyGrain>(id);

    private async Task<WriteResult> Write(string companyId, Func<ICompanyGrain, Task<WriteResult>> write)
    {
        try
        {
            return await write(Company(companyId));
        }
        catch (UnknownCompanyException ex)
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.NotFound, ex.Message));
        }
    }

    private static T Checked<T>(Func<List<FieldError>, T> read)
    {
        var errors = new List<FieldError>();
        var value = read(errors);
        if (errors.Count > 0)
        {
            RpcErrors.InvalidArgument(errors);
        }

        return value;
    }
}

/// <summary>An opaque page token: the last company id of the previous page.</summary>
internal static class PageToken
{
    public static string Encode(string lastId) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("after:" + lastId));

    public static string? Decode(string token)
    {
        if (token.Length == 0)
        {
            return null;
        }

        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("after:", StringComparison.Ordinal) ? text["after:".Length..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

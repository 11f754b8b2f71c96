using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RiskGrains.Grains;
using RiskGrains.Server.Security;
using RiskGrains.Server.Watch;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// The RiskService contract. Thin on purpose: read the request (<see cref="RequestReader"/>, which
/// rejects bad input before any grain is called, so a rejected request changes nothing), call the
/// company grain, map the answer back. An unknown company becomes NOT_FOUND in <see cref="StatusInterceptor"/>.
/// Every RPC names the role policy it needs (<see cref="RolePolicies"/>); each write carries its caller's
/// name to the grain (<see cref="CallerPrincipal"/>), which records it with the change.
/// </summary>
internal sealed class RiskGrpcService(
    IGrainFactory grains, WatchHub hub, IngestProcessor ingest, ScenarioRunner scenarios, RequestLimits limits, StreamQuotas quotas, IHistoryStore history)
    : V1.RiskService.RiskServiceBase
{
    [Authorize(Policy = RolePolicies.Write)]
    public override async Task<V1.UpsertCompanyResponse> UpsertCompany(V1.UpsertCompanyRequest request, ServerCallContext context)
    {
        var result = await Apply(RpcErrors.Checked(errors => RequestReader.Read(request, "", limits, errors)), context);
        return new V1.UpsertCompanyResponse { Version = result.Version };
    }

    [Authorize(Policy = RolePolicies.Write)]
    public override async Task<V1.ReportFinancialsResponse> ReportFinancials(V1.ReportFinancialsRequest request, ServerCallContext context)
    {
        var result = await Apply(RpcErrors.Checked(errors => RequestReader.Read(request, "", limits, errors)), context);
        return new V1.ReportFinancialsResponse { Version = result.Version };
    }

    [Authorize(Policy = RolePolicies.Write)]
    public override async Task<V1.UpsertCommitmentResponse> UpsertCommitment(V1.UpsertCommitmentRequest request, ServerCallContext context)
    {
        var result = await Apply(RpcErrors.Checked(errors => RequestReader.Read(request, "", limits, errors)), context);
        return new V1.UpsertCommitmentResponse { Version = result.Version };
    }

    [Authorize(Policy = RolePolicies.Write)]
    public override async Task<V1.RemoveCommitmentResponse> RemoveCommitment(V1.RemoveCommitmentRequest request, ServerCallContext context)
    {
        var result = await Apply(RpcErrors.Checked(errors => RequestReader.Read(request, "", errors)), context);
        return new V1.RemoveCommitmentResponse { Version = result.Version, Removed = result.Applied };
    }

    [Authorize(Policy = RolePolicies.Write)]
    public override async Task<V1.PublishMarketDataResponse> PublishMarketData(V1.PublishMarketDataRequest request, ServerCallContext context)
    {
        var result = await Apply(RpcErrors.Checked(errors => RequestReader.Read(request, "", limits, errors)), context);
        return new V1.PublishMarketDataResponse { Version = result.Version, Applied = result.Applied };
    }

    [Authorize(Policy = RolePolicies.Write)]
    public override async Task<V1.SetRevenueDependenciesResponse> SetRevenueDependencies(V1.SetRevenueDependenciesRequest request, ServerCallContext context)
    {
        var result = await Apply(RpcErrors.Checked(errors => RequestReader.Read(request, "", limits, errors)), context);
        return new V1.SetRevenueDependenciesResponse { Version = result.Version, Applied = result.Applied };
    }

    [Authorize(Policy = RolePolicies.Write)]
    public override async Task<V1.IngestResponse> Ingest(IAsyncStreamReader<V1.IngestRequest> requestStream, ServerCallContext context)
    {
        var caller = Callers.Name(context.GetHttpContext().User);
        using var open = quotas.Ingest.Enter(caller);
        return await ingest.Run(requestStream, caller, context.CancellationToken);
    }

    [Authorize(Policy = RolePolicies.Read)]
    public override async Task<V1.GetRiskResponse> GetRisk(V1.GetRiskRequest request, ServerCallContext context)
    {
        var id = RpcErrors.Checked(errors => RequestReader.Read(request, errors));
        var snapshot = await Company(id).GetRisk() ?? throw RpcErrors.NotFound([id]);
        return new V1.GetRiskResponse { Risk = ProtoMapping.ToProto(snapshot) };
    }

    [Authorize(Policy = RolePolicies.Read)]
    public override async Task<V1.ListCompaniesResponse> ListCompanies(V1.ListCompaniesRequest request, ServerCallContext context)
    {
        var (after, pageSize, band) = RpcErrors.Checked(errors => RequestReader.Read(request, limits, errors));
        var page = await grains.GetGrain<ICompanyDirectoryGrain>(0).List(after, pageSize, band);
        var response = new V1.ListCompaniesResponse
        {
            NextPageToken = page.NextAfter is null ? "" : PageToken.Encode(page.NextAfter),
        };
        foreach (var listing in page.Companies)
        {
            response.Companies.Add(ProtoMapping.ToProto(listing));
        }

        return response;
    }

    [Authorize(Policy = RolePolicies.Read)]
    public override async Task WatchRisk(V1.WatchRiskRequest request, IServerStreamWriter<V1.WatchRiskResponse> responseStream, ServerCallContext context)
    {
        var (ids, held, mask) = RpcErrors.Checked(errors => RequestReader.Read(request, limits, errors));
        using var open = quotas.Watch.Enter(Callers.Name(context.GetHttpContext().User));
        var stream = new WatchStream(ids, held);
        try
        {
            var unknown = await hub.Attach(stream);
            if (unknown.Count > 0)
            {
                throw RpcErrors.NotFound(unknown);
            }

            // The watch is open: said at once, since a resumed watch may have nothing to send for long
            // (an HTTP client, such as the board, sees no response until the headers are sent).
            await context.WriteResponseHeadersAsync([]);
            await foreach (var snapshot in stream.ReadAllAsync(context.CancellationToken))
            {
                // Only the fields of the read mask are built: the rest costs this stream nothing.
                await responseStream.WriteAsync(new V1.WatchRiskResponse { Update = ProtoMapping.ToUpdate(snapshot, mask) }, context.CancellationToken);
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

    [Authorize(Policy = RolePolicies.Read)]
    public override Task<V1.RunScenarioResponse> RunScenario(V1.RunScenarioRequest request, ServerCallContext context)
    {
        var (ids, preset, shocks) = RpcErrors.Checked(errors => RequestReader.Read(request, limits, errors));
        return scenarios.Run(ids, preset, shocks);
    }

    [Authorize(Policy = RolePolicies.Read)]
    public override async Task<V1.GetHistoryResponse> GetHistory(V1.GetHistoryRequest request, ServerCallContext context)
    {
        var (id, start, end, maxPoints) = RpcErrors.Checked(errors => RequestReader.Read(request, limits, errors));
        _ = await Company(id).GetRisk() ?? throw RpcErrors.NotFound([id]);
        var points = await history.Read(id, start, end, context.CancellationToken);
        var (from, to) = HistorySampling.Range(points, start, end, limits.Now);
        var response = new V1.GetHistoryResponse();
        foreach (var point in HistorySampling.Downsample(points, from, to, maxPoints))
        {
            response.Points.Add(ProtoMapping.ToProto(point));
        }

        return response;
    }

    [Authorize(Policy = RolePolicies.Read)]
    public override async Task<V1.GetPeersResponse> GetPeers(V1.GetPeersRequest request, ServerCallContext context)
    {
        var (id, maxPeers) = RpcErrors.Checked(errors => RequestReader.Read(request, limits, errors));
        var ranking = await grains.GetGrain<ICompanyDirectoryGrain>(0).Peers(id, maxPeers) ?? throw RpcErrors.NotFound([id]);
        var response = new V1.GetPeersResponse { Sector = ranking.Sector, PeerCount = ranking.PeerCount };
        if (ranking.Percentile is { } percentile)
        {
            response.Percentile = percentile;
        }

        foreach (var peer in ranking.Peers)
        {
            response.Peers.Add(ProtoMapping.ToPeer(peer));
        }

        return response;
    }

    private ICompanyGrain Company(string id) => grains.GetGrain<ICompanyGrain>(id);

    private Task<WriteResult> Apply(CompanyWrite write, ServerCallContext context)
    {
        CallerPrincipal.Flow(Callers.Name(context.GetHttpContext().User));
        return write.ApplyTo(Company(write.CompanyId));
    }
}

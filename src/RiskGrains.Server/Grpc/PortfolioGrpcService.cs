using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RiskGrains.Grains;
using RiskGrains.Server.Security;
using RiskGrains.Server.Watch;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// The PortfolioService contract, thin like <see cref="RiskGrpcService"/>: read the request
/// (<see cref="RequestReader"/>, so a rejected request reaches no grain), call the portfolio grain,
/// map the answer back (<see cref="PortfolioMapping"/>). Reads need the reader role, the two writes the
/// writer role; there is no ownership of portfolios yet, so any writer changes any portfolio.
/// </summary>
internal sealed class PortfolioGrpcService(IGrainFactory grains, PortfolioHub hub, PortfolioScenarioRunner scenarios, RequestLimits limits, StreamQuotas quotas)
    : V1.PortfolioService.PortfolioServiceBase
{
    [Authorize(Policy = RolePolicies.Write)]
    public override async Task<V1.UpsertPortfolioResponse> UpsertPortfolio(V1.UpsertPortfolioRequest request, ServerCallContext context)
    {
        var portfolio = RpcErrors.Checked(errors => RequestReader.Read(request, limits, errors));
        CallerPrincipal.Flow(Callers.Name(context.GetHttpContext().User));
        var result = await Portfolio(portfolio.Id).Upsert(portfolio);
        return new V1.UpsertPortfolioResponse { Version = result.Version };
    }

    [Authorize(Policy = RolePolicies.Write)]
    public override async Task<V1.RemovePortfolioResponse> RemovePortfolio(V1.RemovePortfolioRequest request, ServerCallContext context)
    {
        var id = RpcErrors.Checked(errors => RequestReader.Read(request, errors));
        CallerPrincipal.Flow(Callers.Name(context.GetHttpContext().User));
        var version = await Portfolio(id).Remove() ?? throw RpcErrors.PortfolioNotFound(id);
        return new V1.RemovePortfolioResponse { Version = version };
    }

    [Authorize(Policy = RolePolicies.Read)]
    public override async Task<V1.GetPortfolioResponse> GetPortfolio(V1.GetPortfolioRequest request, ServerCallContext context)
    {
        var id = RpcErrors.Checked(errors => RequestReader.Read(request, errors));
        var snapshot = await Portfolio(id).GetRisk() ?? throw RpcErrors.PortfolioNotFound(id);
        return new V1.GetPortfolioResponse { Risk = PortfolioMapping.ToProto(snapshot) };
    }

    [Authorize(Policy = RolePolicies.Read)]
    public override async Task<V1.ListPortfoliosResponse> ListPortfolios(V1.ListPortfoliosRequest request, ServerCallContext context)
    {
        var (after, pageSize) = RpcErrors.Checked(errors => RequestReader.Read(request, limits, errors));
        var page = await grains.GetGrain<IPortfolioDirectoryGrain>(0).List(after, pageSize);
        var response = new V1.ListPortfoliosResponse
        {
            NextPageToken = page.NextAfter is null ? "" : PageToken.Encode(page.NextAfter),
        };
        foreach (var listing in page.Portfolios)
        {
            response.Portfolios.Add(PortfolioMapping.ToProto(listing));
        }

        return response;
    }

    [Authorize(Policy = RolePolicies.Read)]
    public override async Task WatchPortfolio(V1.WatchPortfolioRequest request, IServerStreamWriter<V1.WatchPortfolioResponse> responseStream, ServerCallContext context)
    {
        var id = RpcErrors.Checked(errors => RequestReader.Read(request, errors));
        using var open = quotas.PortfolioWatch.Enter(Callers.Name(context.GetHttpContext().User));
        var stream = new PortfolioWatchStream(id);
        try
        {
            if (!await hub.Attach(stream))
            {
                throw RpcErrors.PortfolioNotFound(id);
            }

            await foreach (var snapshot in stream.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(new V1.WatchPortfolioResponse { Risk = PortfolioMapping.ToProto(snapshot) }, context.CancellationToken);
            }

            if (stream.Removed)
            {
                throw new RpcException(new global::Grpc.Core.Status(StatusCode.NotFound, $"portfolio '{id}' was removed"));
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
    public override Task<V1.RunPortfolioScenarioResponse> RunPortfolioScenario(V1.RunPortfolioScenarioRequest request, ServerCallContext context)
    {
        var (id, preset, shocks) = RpcErrors.Checked(errors => RequestReader.Read(request, errors));
        return scenarios.Run(id, preset, shocks, context.CancellationToken);
    }

    private IPortfolioGrain Portfolio(string id) => grains.GetGrain<IPortfolioGrain>(id);
}

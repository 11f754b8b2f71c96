using Grpc.Core;
using RiskGrains.Baseline.V1;

namespace RiskGrains.Server.Baseline;

/// <summary>
/// The load generator's yardstick: the same stream, decoded the same way as RiskService.Ingest,
/// counted and dropped. Ingest throughput divided by this is the share of the transport's ceiling
/// the service reaches (bench/RiskGrains.LoadTest).
/// </summary>
internal sealed class BaselineGrpcService(RiskGrains.Grains.MarketBoard board) : BaselineService.BaselineServiceBase
{
    public override Task<MarketBoardWaitsResponse> MarketBoardWaits(MarketBoardWaitsRequest request, ServerCallContext context)
    {
        var waits = board.Waits.Summary(request.Reset);
        return Task.FromResult(new MarketBoardWaitsResponse
        {
            Turns = (ulong)waits.Count,
            P50Ms = waits.P50Ms,
            P90Ms = waits.P90Ms,
            P99Ms = waits.P99Ms,
            MaxMs = waits.MaxMs,
            Attached = (uint)board.Attached,
        });
    }

    public override async Task<IngestResponse> Ingest(IAsyncStreamReader<IngestRequest> requestStream, ServerCallContext context)
    {
        ulong received = 0, ticks = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            foreach (var item in requestStream.Current.Items)
            {
                received++;
                if (item.ItemCase == RiskGrains.Contract.V1.IngestItem.ItemOneofCase.PublishMarketData)
                {
                    ticks++;
                }
            }
        }

        return new IngestResponse { Received = received, MarketTicks = ticks };
    }
}

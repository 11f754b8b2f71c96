using Grpc.Core;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Hosting;
using static RiskGrains.Server.Tests.PortfolioRequests;

namespace RiskGrains.Server.Tests;

/// <summary>
/// A portfolio of the most positions the default limits allow, with the longest ids, end to end over
/// real HTTP/2: stored, read, watched, a member's tick reaching it, removed. Its costs are measured
/// by the load generator's portfolio scenario (docs/performance.md), not here.
/// </summary>
[Collection(SharedServiceCollection.Name)]
public sealed class LargePortfolioTests(SharedService service)
{
    private const int Members = 100;

    private readonly RiskService.RiskServiceClient _risk = service.Host.Client;
    private readonly PortfolioService.PortfolioServiceClient _client = new(service.Host.Channel);

    [Fact]
    public async Task A_portfolio_of_10000_positions_is_stored_read_watched_and_follows_its_members()
    {
        var limits = new LimitsOptions();
        var prefix = Requests.NewCompanyId("BIG")[..16];
        var ids = Enumerable.Range(0, limits.MaxPortfolioPositions).Select(i => $"{prefix}-{i:D5}".PadRight(64, 'x')).ToArray();
        await CreateMembers(ids[..Members]);
        var request = Portfolio(prefix, [.. ids.Select((id, i) => (id, 1.0 + (i % 100), 0.45))]);

        Assert.InRange(request.CalculateSize(), 800_000, limits.MaxReceiveMessageSize);
        Assert.Equal(1UL, (await _client.UpsertPortfolioAsync(request)).Version);

        var response = await _client.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = prefix });
        Assert.InRange(response.CalculateSize(), 900_000, limits.MaxSendMessageSize);
        Assert.Equal(10_000, response.Risk.Positions.Count);
        Assert.Equal(Members, response.Risk.Positions.Count(p => p.HasDefaultProbability));
        Assert.Equal(ids.Take(Members).Order(StringComparer.Ordinal), response.Risk.Positions.Take(Members).Select(p => p.CompanyId).Order(StringComparer.Ordinal));

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watch = _client.WatchPortfolio(new WatchPortfolioRequest { PortfolioId = prefix }, cancellationToken: cancel.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(10_000, watch.ResponseStream.Current.Risk.Positions.Count);

        var member = ids[Members / 2];
        await _risk.PublishMarketDataAsync(Requests.Tick(member, DateTimeOffset.UtcNow, marketCap: 150));
        var pd = (await _risk.GetRiskAsync(new GetRiskRequest { CompanyId = member })).Risk.CommitmentAdjustedDefaultProbability;
        PortfolioRisk next;
        do
        {
            Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
            next = watch.ResponseStream.Current.Risk;
        }
        while (next.Positions.Single(p => p.CompanyId == member).DefaultProbability != pd);

        AssertFigures(Model.PortfolioModel.Evaluate(Domain(request), await LiveMembersAsync(_risk, ids[..Members])), next);
        Assert.Equal(1UL, (await _client.RemovePortfolioAsync(new RemovePortfolioRequest { PortfolioId = prefix })).Version);
        var ended = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(StatusCode.NotFound, ended.StatusCode);
    }

    // One Ingest stream: a profile, a period, a commitment and a tick each.
    private async Task CreateMembers(IEnumerable<string> ids)
    {
        using var ingest = _risk.Ingest();
        var batch = new IngestRequest();
        foreach (var id in ids)
        {
            batch.Items.Add(new IngestItem { UpsertCompany = Requests.Company(id) });
            batch.Items.Add(new IngestItem { ReportFinancials = Requests.Financials(id) });
            batch.Items.Add(new IngestItem { UpsertCommitment = Requests.Commitment(id) });
            batch.Items.Add(new IngestItem { PublishMarketData = Requests.Tick(id, DateTimeOffset.UtcNow.AddMinutes(-10)) });
        }

        await ingest.RequestStream.WriteAsync(batch);
        await ingest.RequestStream.CompleteAsync();
        var response = await ingest.ResponseAsync;
        Assert.Equal((0UL, (ulong)batch.Items.Count), (response.Rejected, response.Applied));
    }
}

using RiskGrains.Contract.V1;
using StackExchange.Redis;
using static RiskGrains.Server.Tests.PortfolioRequests;

namespace RiskGrains.Server.Tests;

/// <summary>Portfolios in cluster mode: the definition in Redis through the grain storage, back after a restart, its key gone once removed.</summary>
[Trait("Category", "Process")]
public sealed class RedisPortfolioTests
{
    [Fact]
    public async Task A_portfolio_is_stored_in_redis_read_back_by_another_silo_and_its_key_deleted_on_removal()
    {
        using var redis = await RedisServer.StartAsync();
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var id = NewPortfolioId("RP");
        string member;
        UpsertPortfolioRequest replaced;
        await using (var first = await StartSilo(redis, clusterId))
        {
            var client = new PortfolioService.PortfolioServiceClient(first.Channel);
            member = await MemberAsync(first.Client, "RPM");
            await client.UpsertPortfolioAsync(Portfolio(id, (member, 10, 0.45)));
            replaced = Portfolio(id, (member, 20, 0.5));
            Assert.Equal(2UL, (await client.UpsertPortfolioAsync(replaced)).Version);

            // Acknowledged, so stored: one key of the grain storage holds the definition.
            Assert.Single(server.Keys(pattern: $"riskgrains/portfolio/*{id}"));
        }

        await using var second = await StartSilo(redis, clusterId);
        var restarted = new PortfolioService.PortfolioServiceClient(second.Channel);
        var risk = (await restarted.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = id })).Risk;
        Assert.Equal((2UL, 20.0, 0.5), (risk.Version, risk.TotalExposure, risk.Positions[0].Lgd));
        AssertFigures(Model.PortfolioModel.Evaluate(Domain(replaced), await LiveMembersAsync(second.Client, [member])), risk);
        Assert.Contains((await restarted.ListPortfoliosAsync(new ListPortfoliosRequest())).Portfolios, p => p.PortfolioId == id);

        Assert.Equal(2UL, (await restarted.RemovePortfolioAsync(new RemovePortfolioRequest { PortfolioId = id })).Version);
        Assert.Empty(server.Keys(pattern: $"riskgrains/portfolio/*{id}"));
        Assert.DoesNotContain((await restarted.ListPortfoliosAsync(new ListPortfoliosRequest())).Portfolios, p => p.PortfolioId == id);
    }

    private static Task<ServiceHost> StartSilo(RedisServer redis, string clusterId) =>
        ServiceHost.StartAsync(
            loadSampleData: false,
            dataDir: null,
            "--RiskGrains:Mode", "Cluster",
            "--RiskGrains:Redis", redis.ConnectionString,
            "--RiskGrains:ClusterId", clusterId,
            "--RiskGrains:AdvertisedAddress", "127.0.0.1");
}

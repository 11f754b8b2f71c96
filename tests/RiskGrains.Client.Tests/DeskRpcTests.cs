using Grpc.Core;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Tests;

namespace RiskGrains.Client.Tests;

/// <summary>The desk's methods of the client (history, peers, portfolios, dependencies, alerts) against the real service in ApiKey mode, with a writer's key.</summary>
public sealed class DeskRpcTests(ApiKeyService service) : IClassFixture<ApiKeyService>, IDisposable
{
    private readonly ClientLog _log = new();
    private RiskGrainsClient? _client;

    private RiskGrainsClient Client => _client ??= new(new RiskGrainsClientOptions { Address = service.Host.Address, ApiKey = service.Keys[ApiKeyService.Writer] }, _log.Factory);

    public void Dispose()
    {
        _client?.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task GetHistory_returns_a_point_per_fundamentals_write_oldest_first()
    {
        var id = await CreateAsync("HI");

        var history = await Client.GetHistoryAsync(new GetHistoryRequest { CompanyId = id });

        Assert.Equal([1UL, 2UL, 3UL], history.Points.Select(p => p.Version));
        Assert.Equal((await Client.GetRiskAsync(id)).Score, history.Points[^1].Score);
    }

    [Fact]
    public async Task GetPeers_of_an_unknown_company_is_NOT_FOUND_without_a_retry()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => Client.GetPeersAsync(Requests.NewCompanyId("NP")));

        Assert.Equal(StatusCode.NotFound, failure.StatusCode);
        Assert.Empty(_log.Retries);
    }

    [Fact]
    public async Task GetPeers_names_the_company_s_sector()
    {
        var id = await CreateAsync("PE");

        var peers = await Client.GetPeersAsync(id);

        Assert.Equal(Requests.Company(id).Profile.Sector, peers.Sector);
        Assert.DoesNotContain(peers.Peers, p => p.CompanyId == id);
    }

    [Fact]
    public async Task A_portfolio_is_upserted_once_read_listed_stressed_and_removed()
    {
        var member = await CreateAsync("PM", tick: true);
        var portfolio = new Portfolio
        {
            PortfolioId = Requests.NewCompanyId("PF"),
            Name = "Client book",
            Currency = "USD",
            Positions = { new Position { CompanyId = member, Exposure = 100, Lgd = 0.5 } },
        };

        var created = await Client.UpsertPortfolioAsync(portfolio);
        var again = await Client.UpsertPortfolioAsync(portfolio);
        var risk = await Client.GetPortfolioAsync(portfolio.PortfolioId);
        var listed = await Client.ListAllPortfoliosAsync(pageSize: 1).Select(p => p.PortfolioId).ToListAsync();
        var scenario = await Client.RunPortfolioScenarioAsync(new RunPortfolioScenarioRequest { PortfolioId = portfolio.PortfolioId, Preset = "credit-freeze" });
        var removed = await Client.RemovePortfolioAsync(portfolio.PortfolioId);
        var gone = await Assert.ThrowsAsync<RpcException>(() => Client.GetPortfolioAsync(portfolio.PortfolioId));

        Assert.Equal((1UL, 1UL), (created.Version, again.Version));
        Assert.Equal((100, member), (risk.TotalExposure, Assert.Single(risk.Positions).CompanyId));
        Assert.Contains(portfolio.PortfolioId, listed);
        Assert.True(scenario.Stressed.StressedLoss >= scenario.Base.StressedLoss, $"{scenario.Stressed.StressedLoss} >= {scenario.Base.StressedLoss}");
        Assert.Equal(1UL, removed.Version);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        Assert.Empty(_log.Retries);
    }

    [Fact]
    public async Task WatchPortfolio_yields_the_current_figures_then_those_after_a_member_s_tick()
    {
        var member = await CreateAsync("PW", tick: true);
        var id = Requests.NewCompanyId("PW");
        await Client.UpsertPortfolioAsync(new Portfolio { PortfolioId = id, Name = "Watched", Currency = "USD", Positions = { new Position { CompanyId = member, Exposure = 100 } } });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var watch = Client.WatchPortfolioAsync(id, cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.True(await watch.MoveNextAsync());
        var first = watch.Current.Positions[0].DefaultProbability;
        await Client.PublishMarketDataAsync(Requests.Tick(member, DateTimeOffset.UtcNow.AddSeconds(-1), marketCap: 120));
        var pd = (await Client.GetRiskAsync(member)).CommitmentAdjustedDefaultProbability;
        while (watch.Current.Positions[0].DefaultProbability != pd)
        {
            Assert.True(await watch.MoveNextAsync());
        }

        Assert.NotEqual(first, pd);
    }

    [Fact]
    public async Task WatchPortfolio_of_an_unknown_portfolio_ends_with_NOT_FOUND_without_reconnecting()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in Client.WatchPortfolioAsync(Requests.NewCompanyId("NO")))
            {
            }
        });

        Assert.Equal(StatusCode.NotFound, failure.StatusCode);
        Assert.Empty(_log.Reconnections);
    }

    [Fact]
    public async Task SetRevenueDependencies_shows_the_counterparty_and_the_same_list_again_changes_nothing()
    {
        var (company, counterparty) = (await CreateAsync("RD", tick: true), await CreateAsync("RC", tick: true));
        var request = new SetRevenueDependenciesRequest
        {
            CompanyId = company,
            Dependencies = { new RevenueDependency { CounterpartyId = counterparty, RevenueShare = 0.3, Source = "client test" } },
        };

        var first = await Client.SetRevenueDependenciesAsync(request);
        var again = await Client.SetRevenueDependenciesAsync(request);
        var risk = await Client.GetRiskAsync(company);

        Assert.True(first.Applied);
        Assert.Equal((first.Version, false), (again.Version, again.Applied));
        var dependency = Assert.Single(risk.Dependencies);
        Assert.Equal((counterparty, 0.3), (dependency.CounterpartyId, dependency.RevenueShare));
        Assert.Equal((await Client.GetRiskAsync(counterparty)).Score, dependency.CounterpartyScore);
    }

    [Fact]
    public async Task An_alert_rule_is_listed_fires_once_for_the_watch_which_resumes_after_a_sequence_and_is_removed()
    {
        var company = await CreateAsync("AL", tick: true);
        var rule = new AlertRule { RuleId = Requests.NewCompanyId("R"), CompanyIds = { company }, Field = "commitment_adjusted_default_probability", Comparison = Comparison.Above, Threshold = 0.01 };
        await Client.UpsertAlertRuleAsync(rule);
        Assert.Contains((await Client.ListAlertRulesAsync()).Rules, r => r.RuleId == rule.RuleId);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await using (var watch = Client.WatchAlertsAsync(ruleIds: [rule.RuleId], cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token))
        {
            var tick = await Client.PublishMarketDataAsync(Requests.Tick(company, DateTimeOffset.UtcNow.AddSeconds(-1), marketCap: 0.001));
            Assert.True(await watch.MoveNextAsync());
            Assert.Equal((rule.RuleId, company, tick.Version), (watch.Current.RuleId, watch.Current.CompanyId, watch.Current.Version));
            Assert.True(watch.Current.Value > 0.01, $"{watch.Current.Value}");

            // Resumed after that alert, a new watch has nothing to replay for the rule (watched for a second).
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
            quiet.CancelAfter(TimeSpan.FromSeconds(1));
            var replayed = new List<AlertEvent>();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var alert in Client.WatchAlertsAsync(watch.Current.Sequence, [rule.RuleId], quiet.Token))
                {
                    replayed.Add(alert);
                }
            });
            Assert.Empty(replayed);
        }

        await Client.RemoveAlertRuleAsync(rule.RuleId);
        Assert.DoesNotContain((await Client.ListAlertRulesAsync()).Rules, r => r.RuleId == rule.RuleId);
    }

    private async Task<string> CreateAsync(string prefix, bool tick = false)
    {
        var id = Requests.NewCompanyId(prefix);
        await Client.UpsertCompanyAsync(Requests.Company(id));
        await Client.ReportFinancialsAsync(Requests.Financials(id));
        await Client.UpsertCommitmentAsync(Requests.Commitment(id));
        if (tick)
        {
            await Client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow.AddSeconds(-10)));
        }

        return id;
    }
}

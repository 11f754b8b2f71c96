using Grpc.Core;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Hosting;
using static RiskGrains.Server.Tests.PortfolioRequests;
using Model = RiskGrains.Model;

namespace RiskGrains.Server.Tests;

/// <summary>Every RPC of PortfolioService over real HTTP/2: the figures against the model recomputed from the members' live risk, and the errors.</summary>
[Collection(SharedServiceCollection.Name)]
public sealed class PortfolioServiceTests(SharedService service)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly RiskService.RiskServiceClient _risk = service.Host.Client;
    private readonly PortfolioService.PortfolioServiceClient _client = new(service.Host.Channel);

    [Fact]
    public async Task The_sample_portfolio_is_loaded_with_the_sample_companies()
    {
        var sample = SamplePortfolio.Read(Path.Combine(Path.GetDirectoryName(SampleDataLoader.DefaultPath)!, SamplePortfolio.FileName));

        var risk = (await _client.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = "hyperscalers" })).Risk;

        Assert.Equal(("hyperscalers", 1UL, sample.Name, "USD"), (risk.PortfolioId, risk.Version, risk.Name, risk.Currency));
        Assert.Equal(sample.Positions.Select(p => (p.CompanyId, p.Exposure, p.Lgd)).Order(), risk.Positions.Select(p => (p.CompanyId, p.Exposure, p.Lgd)).Order());
        Assert.Equal(2_400, risk.TotalExposure);
        Assert.All(risk.Positions, p => Assert.True(p.HasScore, $"{p.CompanyId} has a score"));
        var listed = await _client.ListPortfoliosAsync(new ListPortfoliosRequest { PageSize = 1000 });
        Assert.Contains(listed.Portfolios, p => p.PortfolioId == "hyperscalers" && p.Positions == 5 && p.Version == 1);
    }

    [Fact]
    public async Task A_portfolios_figures_are_the_model_recomputed_from_its_members_live_risk()
    {
        var (a, b) = (await MemberAsync(_risk, "PA"), await MemberAsync(_risk, "PB", marketCap: 250));
        var unknown = Requests.NewCompanyId("PU");
        var request = Portfolio(NewPortfolioId(), (a, 100, 0.45), (b, 60, 0), (unknown, 40, 0.6));

        var upserted = await _client.UpsertPortfolioAsync(request);
        var risk = (await _client.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = request.Portfolio.PortfolioId })).Risk;

        Assert.Equal(1UL, upserted.Version);
        Assert.Equal((1UL, request.Portfolio.Name, "USD"), (risk.Version, risk.Name, risk.Currency));
        AssertFigures(Model.PortfolioModel.Evaluate(Domain(request), await LiveMembersAsync(_risk, [a, b, unknown])), risk);
        Assert.Equal(Model.Position.DefaultLgd, risk.Positions.Single(p => p.CompanyId == b).Lgd);
        Assert.Equal(["no_pd"], risk.Positions.Single(p => p.CompanyId == unknown).Flags);
        Assert.Equal(unknown, risk.Positions[^1].CompanyId);
    }

    [Fact]
    public async Task Replacing_a_portfolio_raises_its_version_and_an_identical_upsert_is_ignored()
    {
        var (a, b) = (await MemberAsync(_risk, "RA"), await MemberAsync(_risk, "RB"));
        var id = NewPortfolioId();
        await _client.UpsertPortfolioAsync(Portfolio(id, (a, 100, 0.45)));

        var replaced = Portfolio(id, (a, 70, 0.45), (b, 30, 0.45));
        replaced.Portfolio.AssetCorrelation = 0.2;
        Assert.Equal(2UL, (await _client.UpsertPortfolioAsync(replaced)).Version);
        Assert.Equal(2UL, (await _client.UpsertPortfolioAsync(replaced)).Version);

        var risk = (await _client.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = id })).Risk;
        Assert.Equal(2UL, risk.Version);
        Assert.All(risk.Positions, p => Assert.Equal(0.2, p.AssetCorrelation));
        AssertFigures(Model.PortfolioModel.Evaluate(Domain(replaced), await LiveMembersAsync(_risk, [a, b])), risk);
    }

    [Fact]
    public async Task ListPortfolios_pages_through_the_portfolios_in_id_order()
    {
        var prefix = NewPortfolioId("L")[..12];
        var ids = new[] { $"{prefix}-c", $"{prefix}-a", $"{prefix}-b" };
        foreach (var id in ids)
        {
            await _client.UpsertPortfolioAsync(Portfolio(id, ("X", 1, 0.45)));
        }

        // From just before the prefix: a token names the last id of the previous page.
        var token = Grpc.PageToken.Encode(prefix);
        var first = await _client.ListPortfoliosAsync(new ListPortfoliosRequest { PageSize = 2, PageToken = token });
        var second = await _client.ListPortfoliosAsync(new ListPortfoliosRequest { PageSize = 2, PageToken = first.NextPageToken });

        Assert.Equal([$"{prefix}-a", $"{prefix}-b"], first.Portfolios.Select(p => p.PortfolioId));
        Assert.Equal(new PortfolioSummary { PortfolioId = $"{prefix}-a", Name = $"Book {prefix}-a", Currency = "USD", Positions = 1, Version = 1 }, first.Portfolios[0]);
        Assert.Equal($"{prefix}-c", second.Portfolios[0].PortfolioId);
    }

    [Fact]
    public async Task RunPortfolioScenario_gives_the_live_figures_and_the_figures_from_each_members_stressed_risk()
    {
        var (a, b) = (await MemberAsync(_risk, "SA"), await MemberAsync(_risk, "SB", marketCap: 300));
        var unknown = Requests.NewCompanyId("SU");
        var request = Portfolio(NewPortfolioId(), (a, 100, 0.45), (b, 50, 0.45), (unknown, 10, 0.45));
        await _client.UpsertPortfolioAsync(request);
        var id = request.Portfolio.PortfolioId;

        var scenario = await _client.RunPortfolioScenarioAsync(new RunPortfolioScenarioRequest { PortfolioId = id, Preset = "credit-freeze" });
        var companies = await _risk.RunScenarioAsync(new RunScenarioRequest { CompanyIds = { a, b }, Preset = "credit-freeze" });

        var live = (await _client.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = id })).Risk;
        Assert.Equal(live.Positions, scenario.Base.Positions);
        Assert.Equal("credit-freeze", scenario.Preset);
        Assert.Equal(1.5, scenario.Shocks.VolatilityMultiplier);
        var stressedMembers = companies.Results.ToDictionary(r => r.CompanyId, r => Member(r.Stressed));
        AssertFigures(Model.PortfolioModel.Evaluate(Domain(request), stressedMembers), scenario.Stressed);
        Assert.True(scenario.Stressed.StressedLoss > scenario.Base.StressedLoss, $"{scenario.Stressed.StressedLoss} > {scenario.Base.StressedLoss}");
        Assert.Equal((id, 1UL), (scenario.Stressed.PortfolioId, scenario.Stressed.Version));

        var explicitShocks = await _client.RunPortfolioScenarioAsync(new RunPortfolioScenarioRequest { PortfolioId = id, Shocks = new ScenarioShocks() });
        AssertFigures(Model.PortfolioModel.Evaluate(Domain(request), await LiveMembersAsync(_risk, [a, b])), explicitShocks.Stressed);
    }

    [Fact]
    public async Task WatchPortfolio_sends_the_figures_then_new_ones_after_a_member_tick()
    {
        var (a, b) = (await MemberAsync(_risk, "WA"), await MemberAsync(_risk, "WB"));
        var request = Portfolio(NewPortfolioId(), (a, 100, 0.45), (b, 50, 0.45));
        await _client.UpsertPortfolioAsync(request);
        using var cancel = new CancellationTokenSource(Timeout);
        using var watch = _client.WatchPortfolio(new WatchPortfolioRequest { PortfolioId = request.Portfolio.PortfolioId }, cancellationToken: cancel.Token);

        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        var first = watch.ResponseStream.Current.Risk;
        await _risk.PublishMarketDataAsync(Requests.Tick(a, DateTimeOffset.UtcNow, marketCap: 180));
        var pd = (await _risk.GetRiskAsync(new GetRiskRequest { CompanyId = a })).Risk.CommitmentAdjustedDefaultProbability;
        PortfolioRisk next;
        do
        {
            Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
            next = watch.ResponseStream.Current.Risk;
        }
        while (next.Positions.Single(p => p.CompanyId == a).DefaultProbability != pd);

        Assert.NotEqual(pd, first.Positions.Single(p => p.CompanyId == a).DefaultProbability);
        AssertFigures(Model.PortfolioModel.Evaluate(Domain(request), await LiveMembersAsync(_risk, [a, b])), next);
        Assert.True(next.AsOf.ToDateTimeOffset() >= first.AsOf.ToDateTimeOffset());
    }

    [Fact]
    public async Task A_watch_ends_with_NOT_FOUND_when_its_portfolio_is_removed_and_the_portfolio_is_gone()
    {
        var id = NewPortfolioId();
        await _client.UpsertPortfolioAsync(Portfolio(id, ("X", 1, 0.45)));
        await _client.UpsertPortfolioAsync(Portfolio(id, ("Y", 2, 0.45)));
        using var cancel = new CancellationTokenSource(Timeout);
        using var watch = _client.WatchPortfolio(new WatchPortfolioRequest { PortfolioId = id }, cancellationToken: cancel.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));

        Assert.Equal(2UL, (await _client.RemovePortfolioAsync(new RemovePortfolioRequest { PortfolioId = id })).Version);

        var ended = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal((StatusCode.NotFound, $"portfolio '{id}' was removed"), (ended.StatusCode, ended.Status.Detail));
        await AssertUnknown(id);
        var listed = await _client.ListPortfoliosAsync(new ListPortfoliosRequest { PageSize = 1000, PageToken = Grpc.PageToken.Encode(id[..^1]) });
        Assert.DoesNotContain(listed.Portfolios, p => p.PortfolioId == id);
        Assert.Equal(1UL, (await _client.UpsertPortfolioAsync(Portfolio(id, ("X", 1, 0.45)))).Version);
    }

    [Fact]
    public async Task Every_rpc_naming_an_unknown_portfolio_is_NOT_FOUND()
    {
        var id = NewPortfolioId("NOPE");
        await AssertUnknown(id);
        await Refusals.AssertStatus(() => _client.RemovePortfolioAsync(new RemovePortfolioRequest { PortfolioId = id }).ResponseAsync, StatusCode.NotFound, $"portfolio '{id}' is unknown: create it with UpsertPortfolio first");
        await Refusals.AssertStatus(() => _client.RunPortfolioScenarioAsync(new RunPortfolioScenarioRequest { PortfolioId = id, Preset = "rate-shock" }).ResponseAsync, StatusCode.NotFound, $"portfolio '{id}' is unknown");
        using var watch = _client.WatchPortfolio(new WatchPortfolioRequest { PortfolioId = id });
        await Refusals.AssertStatus(() => watch.ResponseStream.MoveNext(CancellationToken.None), StatusCode.NotFound, $"portfolio '{id}' is unknown");
    }

    [Fact]
    public async Task UpsertPortfolio_names_every_offending_field_and_changes_nothing()
    {
        var member = await MemberAsync(_risk, "VA");
        var id = NewPortfolioId();
        await _client.UpsertPortfolioAsync(Portfolio(id, (member, 100, 0.45)));
        var before = (await _client.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = id })).Risk;

        var bad = Portfolio(id, ("bad id!", 1, 0.45), (member, -1, 1.5), (member, double.NaN, -0.1), ("OK", double.PositiveInfinity, double.NaN));
        bad.Portfolio.Name = "two\nlines";
        bad.Portfolio.Currency = "usd";
        bad.Portfolio.AssetCorrelation = 1;

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.UpsertPortfolioAsync(bad).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations.Select(v => v.Field);
        Assert.Equal(
            [
                "portfolio.name", "portfolio.currency", "portfolio.asset_correlation",
                "portfolio.positions[0].company_id",
                "portfolio.positions[1].exposure", "portfolio.positions[1].lgd",
                "portfolio.positions[2].company_id", "portfolio.positions[2].exposure", "portfolio.positions[2].lgd",
                "portfolio.positions[3].exposure", "portfolio.positions[3].lgd",
            ],
            fields);
        Assert.Contains("portfolio.positions[2].company_id appears twice in one portfolio", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("portfolio.positions[1].lgd must be above 0 and at most 1 (unset means 0.45)", error.Status.Detail, StringComparison.Ordinal);
        await AssertUnchanged(id, before);
    }

    [Theory]
    [InlineData("", "portfolio.portfolio_id", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -")]
    [InlineData("bad id", "portfolio.portfolio_id", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -")]
    [InlineData("long-name", "portfolio.name", "must be at most 200 characters (RiskGrains:Limits:MaxNameLength)")]
    [InlineData("no-portfolio", "portfolio", "is required")]
    public async Task UpsertPortfolio_rejects_a_malformed_id_a_long_name_and_a_missing_portfolio(string id, string field, string message)
    {
        var request = id == "no-portfolio" ? new UpsertPortfolioRequest() : Portfolio(id, ("X", 1, 0.45));
        if (id == "long-name")
        {
            request.Portfolio.PortfolioId = NewPortfolioId();
            request.Portfolio.Name = new string('n', 201);
        }

        await Refusals.AssertInvalid(() => _client.UpsertPortfolioAsync(request).ResponseAsync, field, message);
        if (request.Portfolio is { PortfolioId.Length: > 0 } portfolio && Model.InputRules.IsValidCompanyId(portfolio.PortfolioId))
        {
            await AssertUnknown(portfolio.PortfolioId);
        }
    }

    [Fact]
    public async Task The_reads_and_the_removal_reject_a_malformed_id_page_or_scenario()
    {
        await Refusals.AssertInvalid(() => _client.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = "a b" }).ResponseAsync, "portfolio_id", "must be 1 to 64 characters");
        await Refusals.AssertInvalid(() => _client.RemovePortfolioAsync(new RemovePortfolioRequest()).ResponseAsync, "portfolio_id", "must be 1 to 64 characters");
        using (var watch = _client.WatchPortfolio(new WatchPortfolioRequest { PortfolioId = "é" }))
        {
            await Refusals.AssertInvalid(() => watch.ResponseStream.MoveNext(CancellationToken.None), "portfolio_id", "must be 1 to 64 characters");
        }

        await Refusals.AssertInvalid(() => _client.ListPortfoliosAsync(new ListPortfoliosRequest { PageSize = 1001 }).ResponseAsync, "page_size", "must be between 1 and 1000 (0 means 100; RiskGrains:Limits:MaxPageSize)");
        await Refusals.AssertInvalid(() => _client.ListPortfoliosAsync(new ListPortfoliosRequest { PageToken = "not-a-token" }).ResponseAsync, "page_token", "is not a token this service issued");
        await Refusals.AssertInvalid(() => _client.RunPortfolioScenarioAsync(new RunPortfolioScenarioRequest { PortfolioId = "hyperscalers" }).ResponseAsync, "scenario", "must be a preset or explicit shocks");
        await Refusals.AssertInvalid(() => _client.RunPortfolioScenarioAsync(new RunPortfolioScenarioRequest { PortfolioId = "hyperscalers", Preset = "panic" }).ResponseAsync, "preset", "must be one of credit-freeze, ai-revenue-delay, rate-shock");
        await Refusals.AssertInvalid(
            () => _client.RunPortfolioScenarioAsync(new RunPortfolioScenarioRequest { PortfolioId = "hyperscalers", Shocks = new ScenarioShocks { OcfHaircut = 2 } }).ResponseAsync,
            "shocks.ocf_haircut",
            "must be between 0 and 1");
    }

    private async Task AssertUnknown(string id) =>
        await Refusals.AssertStatus(() => _client.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = id }).ResponseAsync, StatusCode.NotFound, $"portfolio '{id}' is unknown: create it with UpsertPortfolio first");

    private async Task AssertUnchanged(string id, PortfolioRisk before)
    {
        var after = (await _client.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = id })).Risk;
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Positions, after.Positions);
        Assert.Equal(before.Name, after.Name);
    }
}

using Grpc.Core;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>
/// SetRevenueDependencies and live contagion over gRPC (docs/api.md, SetRevenueDependencies): bad input
/// is refused naming each field and changes nothing; the same list again changes nothing; a shock to a
/// counterparty reaches the watchers of its dependents with cause CONTAGION, in the write's trace.
/// </summary>
[Collection(SharedServiceCollection.Name)]
public sealed class RevenueDependencyTests(SharedService service)
{
    private readonly RiskService.RiskServiceClient _client = service.Host.Client;

    [Fact]
    public async Task Malformed_and_out_of_range_dependencies_are_refused_naming_each_field_and_change_nothing()
    {
        var id = Requests.NewCompanyId("RD");
        var version = await Requests.CreateAsync(_client, id);
        var request = Dependencies(
            id,
            ("bad id!", 0.1, ""),
            (id, 0.1, ""),
            ("OTHER", 0, ""),
            ("OTHER", 0.2, ""),
            ("THIRD", double.NaN, ""),
            ("FOURTH", 1.5, "line\nbreak"));

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.SetRevenueDependenciesAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        foreach (var field in new[]
        {
            "dependencies[0].counterparty_id", "dependencies[1].counterparty_id", "dependencies[2].revenue_share",
            "dependencies[3].counterparty_id", "dependencies[4].revenue_share", "dependencies[5].revenue_share", "dependencies[5].source",
        })
        {
            Assert.Contains(field + " ", error.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Contains("dependencies[1].counterparty_id must not be the company itself", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("dependencies[3].counterparty_id appears twice", error.Status.Detail, StringComparison.Ordinal);
        await Refusals.AssertInvalid(
            () => _client.SetRevenueDependenciesAsync(Dependencies(id, ("A1", 0.6, ""), ("A2", 0.5, ""))).ResponseAsync,
            "dependencies",
            "revenue shares must add up to at most 1 (they add up to 1.1)");
        await Refusals.AssertInvalid(() => _client.SetRevenueDependenciesAsync(Dependencies("no such id!")).ResponseAsync, "company_id", "must be");
        var tooMany = Dependencies(id, [.. Enumerable.Range(0, 101).Select(i => ($"C{i}", 0.001, ""))]);
        await Refusals.AssertInvalid(
            () => _client.SetRevenueDependenciesAsync(tooMany).ResponseAsync,
            "dependencies",
            "must hold at most 100 dependencies (RiskGrains:Limits:MaxRevenueDependencies)");
        await Refusals.AssertUnchanged(_client, id, version);
        Assert.Empty((await Risk(id)).Dependencies);
    }

    [Fact]
    public async Task A_company_that_does_not_exist_is_not_found()
    {
        var id = Requests.NewCompanyId("RDX");
        await Refusals.AssertStatus(() => _client.SetRevenueDependenciesAsync(Dependencies(id, ("OTHER", 0.5, ""))).ResponseAsync, StatusCode.NotFound, id);
        await Refusals.AssertUnknown(_client, id);
    }

    [Fact]
    public async Task Dependencies_are_shown_with_what_each_counterparty_transmits_the_same_list_again_changes_nothing_and_an_empty_one_clears_them()
    {
        var (id, weak, missing) = (Requests.NewCompanyId("RDS"), Requests.NewCompanyId("RDW"), Requests.NewCompanyId("RDM"));
        await Requests.CreateAsync(_client, id);
        await CreateWeak(weak);
        var weakScore = (await Risk(weak)).Score;
        var list = Dependencies(id, (weak, 0.5, "backlog, 10-K p. 7"), (missing, 0.25, ""));

        var set = await _client.SetRevenueDependenciesAsync(list);
        var again = await _client.SetRevenueDependenciesAsync(list);

        Assert.True(set.Applied);
        Assert.Equal((set.Version, false), (again.Version, again.Applied));
        var risk = await Risk(id);
        Assert.Equal(set.Version, risk.Version);
        var transmitted = Math.Clamp((weakScore - 40) / 40, 0, 1);
        Assert.True(transmitted > 0, $"the weak counterparty scores {weakScore}");
        var byId = risk.Dependencies.ToDictionary(d => d.CounterpartyId);
        Assert.Equal((0.5, weakScore, transmitted, 0.5 * transmitted), (byId[weak].RevenueShare, byId[weak].CounterpartyScore, byId[weak].Transmitted, byId[weak].Contribution));
        Assert.Empty(byId[weak].Flags);
        Assert.False(byId[missing].HasCounterpartyScore);
        Assert.Equal((0.0, 0.0), (byId[missing].Transmitted, byId[missing].Contribution));
        Assert.Equal(["counterparty_unknown"], byId[missing].Flags);
        Assert.Equal(0.5 * transmitted, risk.ContagionHaircut, 12);

        // The write records a history point of its own cause.
        var history = await _client.GetHistoryAsync(new GetHistoryRequest { CompanyId = id });
        Assert.Contains(history.Points, p => p.Version == set.Version && p.Cause == ChangeCause.Dependencies);

        var cleared = await _client.SetRevenueDependenciesAsync(Dependencies(id));
        Assert.Equal((set.Version + 1, true), (cleared.Version, cleared.Applied));
        var after = await Risk(id);
        Assert.Empty(after.Dependencies);
        Assert.Equal(0, after.ContagionHaircut);
    }

    [Fact]
    public async Task Ingest_takes_dependencies_as_its_own_rpc_does()
    {
        var (id, other) = (Requests.NewCompanyId("RDI"), Requests.NewCompanyId("RDO"));
        await Requests.CreateAsync(_client, id);
        var good = Dependencies(id, (other, 0.4, "ingest"));
        var bad = Dependencies(id, (other, -0.4, ""));

        using var call = _client.Ingest();
        await call.RequestStream.WriteAsync(new IngestRequest
        {
            Items =
            {
                new IngestItem { SetRevenueDependencies = good },
                new IngestItem { SetRevenueDependencies = good },
                new IngestItem { SetRevenueDependencies = bad },
            },
        });
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;

        Assert.Equal((1UL, 1UL, 1UL), (response.Applied, response.Ignored, response.Rejected));
        var error = Assert.Single(response.Errors);
        Assert.Equal(2UL, error.Index);
        Assert.Contains("set_revenue_dependencies.dependencies[0].revenue_share", error.Message, StringComparison.Ordinal);
        var dependency = Assert.Single((await Risk(id)).Dependencies);
        Assert.Equal((other, 0.4), (dependency.CounterpartyId, dependency.RevenueShare));
    }

    [Fact]
    public async Task A_shock_to_a_counterparty_moves_its_dependents_through_WatchRisk_with_cause_contagion_and_one_trace_id()
    {
        var (lab, cloud, reseller) = (Requests.NewCompanyId("LAB"), Requests.NewCompanyId("CLOUD"), Requests.NewCompanyId("RESELL"));
        await Requests.CreateAsync(_client, lab);
        await Requests.CreateAsync(_client, cloud);
        await Requests.CreateAsync(_client, reseller);
        await _client.SetRevenueDependenciesAsync(Dependencies(cloud, (lab, 0.9, "anchor tenant")));
        await _client.SetRevenueDependenciesAsync(Dependencies(reseller, (cloud, 0.9, "sole supplier")));
        var before = await Task.WhenAll(new[] { lab, cloud, reseller }.Select(Risk));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = _client.WatchRisk(new WatchRiskRequest { CompanyIds = { lab, cloud, reseller } }, cancellationToken: cancel.Token);
        var updates = new List<RiskUpdate>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
            updates.Add(watch.ResponseStream.Current.Update);
        }

        // The shock: the lab restates its year into distress.
        var shock = Requests.Period(2025, 6, 30);
        (shock.Cash, shock.ShortTermDebt, shock.Ebitda, shock.OperatingCashFlow) = (1, 900, -200, -250);
        var written = await _client.ReportFinancialsAsync(Requests.Financials(lab, shock));
        var moved = new Dictionary<string, RiskUpdate>();
        while (!(moved.ContainsKey(lab) && moved.ContainsKey(cloud) && moved.ContainsKey(reseller)))
        {
            Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
            var update = watch.ResponseStream.Current.Update;
            updates.Add(update);
            if (update.Risk.Version > before.Single(b => b.CompanyId == update.Risk.CompanyId).Version)
            {
                moved.TryAdd(update.Risk.CompanyId, update);
            }
        }

        Assert.Equal((written.Version, ChangeCause.Restatement), (moved[lab].Risk.Version, moved[lab].Cause));
        var traceId = moved[lab].TraceId;
        Assert.Equal(32, traceId.Length);
        foreach (var dependent in new[] { cloud, reseller })
        {
            Assert.Equal((ChangeCause.Contagion, traceId), (moved[dependent].Cause, moved[dependent].TraceId));
            Assert.True(moved[dependent].Risk.Score > before.Single(b => b.CompanyId == dependent).Score, $"{dependent} did not move");
        }

        Assert.Equal(moved[lab].Risk.Score, moved[cloud].Risk.Dependencies.Single().CounterpartyScore);
    }

    [Fact]
    public async Task A_scenario_over_a_set_stresses_each_company_with_the_stressed_scores_of_its_counterparties_in_the_set()
    {
        var (lab, cloud) = (Requests.NewCompanyId("SLAB"), Requests.NewCompanyId("SCLOUD"));
        // Short-term debt the lab can refinance while credit flows (score below 40), not in a freeze.
        await CreateWeak(lab, cash: 200, shortTermDebt: 300, ebitda: 120, operatingCashFlow: 90);
        await Requests.CreateAsync(_client, cloud);
        await _client.SetRevenueDependenciesAsync(Dependencies(cloud, (lab, 0.8, "")));
        var live = await Risk(lab);

        var alone = await _client.RunScenarioAsync(new RunScenarioRequest { CompanyIds = { cloud }, Preset = "credit-freeze" });
        var system = await _client.RunScenarioAsync(new RunScenarioRequest { CompanyIds = { cloud, lab }, Preset = "credit-freeze" });

        // Alone, the counterparty transmits its live score; in the set, its stressed one.
        Assert.Equal(live.Score, Assert.Single(alone.Results).Stressed.Dependencies.Single().CounterpartyScore);
        var labStressed = system.Results.Single(r => r.CompanyId == lab).Stressed;
        var cloudStressed = system.Results.Single(r => r.CompanyId == cloud).Stressed;
        Assert.True(live.Score < 40 && labStressed.Score > 40, $"the lab's score under the freeze {labStressed.Score}, live {live.Score}");
        Assert.Equal(0, alone.Results[0].Stressed.ContagionHaircut);
        Assert.Equal(labStressed.Score, cloudStressed.Dependencies.Single().CounterpartyScore, 9);
        Assert.True(cloudStressed.ContagionHaircut > alone.Results[0].Stressed.ContagionHaircut);

        // A portfolio's scenario is the system scenario over its members.
        var portfolioId = Requests.NewCompanyId("SPF");
        var portfolios = new PortfolioService.PortfolioServiceClient(service.Host.Channel);
        await portfolios.UpsertPortfolioAsync(PortfolioRequests.Portfolio(portfolioId, (cloud, 100, 0.45), (lab, 50, 0.45)));
        var stressed = (await portfolios.RunPortfolioScenarioAsync(new RunPortfolioScenarioRequest { PortfolioId = portfolioId, Preset = "credit-freeze" })).Stressed;
        Assert.Equal(cloudStressed.Score, stressed.Positions.Single(p => p.CompanyId == cloud).Score, 9);
        await portfolios.RemovePortfolioAsync(new RemovePortfolioRequest { PortfolioId = portfolioId });
    }

    private static SetRevenueDependenciesRequest Dependencies(string companyId, params (string Counterparty, double Share, string Source)[] dependencies)
    {
        var request = new SetRevenueDependenciesRequest { CompanyId = companyId };
        foreach (var (counterparty, share, source) in dependencies)
        {
            request.Dependencies.Add(new RevenueDependency { CounterpartyId = counterparty, RevenueShare = share, Source = source });
        }

        return request;
    }

    private async Task<CompanyRisk> Risk(string id) => (await _client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;

    /// <summary>By default a company in distress: little cash, heavy short-term debt, losses.</summary>
    private async Task CreateWeak(string id, double cash = 5, double shortTermDebt = 600, double ebitda = -50, double operatingCashFlow = -80)
    {
        await _client.UpsertCompanyAsync(Requests.Company(id));
        var period = Requests.Period(2025, 6, 30);
        (period.Cash, period.ShortTermDebt, period.Ebitda, period.OperatingCashFlow) = (cash, shortTermDebt, ebitda, operatingCashFlow);
        await _client.ReportFinancialsAsync(Requests.Financials(id, period));
    }
}

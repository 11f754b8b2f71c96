using Google.Rpc;
using Grpc.Core;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

[Collection(SharedServiceCollection.Name)]
public sealed class ScenarioTests(SharedService service)
{
    private readonly RiskService.RiskServiceClient _client = service.Host.Client;

    [Fact]
    public async Task Credit_freeze_raises_Oracles_score_and_leaves_live_state_untouched()
    {
        var before = (await _client.GetRiskAsync(new GetRiskRequest { CompanyId = "ORCL" })).Risk;
        var response = await _client.RunScenarioAsync(new RunScenarioRequest { CompanyIds = { "ORCL" }, Preset = "credit-freeze" });

        var result = Assert.Single(response.Results);
        Assert.Equal("credit-freeze", response.Preset);
        Assert.True(response.Shocks.CreditWindowClosed);
        Assert.Equal(300, response.Shocks.SpreadShockBps);
        Assert.Equal(before.Version, result.Base.Version);
        Assert.Equal(before.Score, result.Base.Score);
        Assert.True(result.ScoreDelta > 0, $"score moved by {result.ScoreDelta}");
        Assert.Equal(result.Stressed.Score - result.Base.Score, result.ScoreDelta, 12);
        Assert.True(result.LiquidityCoverage12MDelta < 0, $"coverage moved by {result.LiquidityCoverage12MDelta}");
        Assert.True(result.RunwayMonthsDelta <= 0);
        Assert.Equal(result.Stressed.RunwayMonths - result.Base.RunwayMonths, result.RunwayMonthsDelta);

        var after = (await _client.GetRiskAsync(new GetRiskRequest { CompanyId = "ORCL" })).Risk;
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Score, after.Score);
    }

    [Fact]
    public async Task Explicit_shocks_apply_to_every_named_company()
    {
        var id = Requests.NewCompanyId("SC");
        await Requests.CreateAsync(_client, id);
        await _client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow));
        var response = await _client.RunScenarioAsync(new RunScenarioRequest
        {
            CompanyIds = { id, "MSFT" },
            Shocks = new ScenarioShocks { EquityShock = -0.6, VolatilityMultiplier = 2, OcfHaircut = 0.5 },
        });

        Assert.Equal([id, "MSFT"], response.Results.Select(r => r.CompanyId));
        var own = response.Results[0];
        Assert.True(own.Stressed.DistanceToDefault < own.Base.DistanceToDefault);
        Assert.True(own.Stressed.Sources12M < own.Base.Sources12M);
        Assert.True(own.ScoreDelta > 0);
    }

    [Fact]
    public async Task Invalid_shocks_unknown_presets_and_unknown_companies_are_refused()
    {
        var shocks = new ScenarioShocks { EquityShock = -1, VolatilityMultiplier = 0, OcfHaircut = 1.5, EbitdaHaircut = -0.1 };
        var invalid = await Assert.ThrowsAsync<RpcException>(() =>
            _client.RunScenarioAsync(new RunScenarioRequest { CompanyIds = { "MSFT" }, Shocks = shocks }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        var fields = invalid.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToHashSet();
        Assert.Superset(fields, new HashSet<string> { "shocks.equity_shock", "shocks.volatility_multiplier", "shocks.ocf_haircut", "shocks.ebitda_haircut" });

        var preset = await Assert.ThrowsAsync<RpcException>(() =>
            _client.RunScenarioAsync(new RunScenarioRequest { CompanyIds = { "MSFT" }, Preset = "meltdown" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, preset.StatusCode);
        Assert.Contains("preset", preset.Status.Detail);

        var none = await Assert.ThrowsAsync<RpcException>(() =>
            _client.RunScenarioAsync(new RunScenarioRequest { CompanyIds = { "MSFT" } }).ResponseAsync);
        Assert.Contains("scenario", none.Status.Detail);

        var noCompanies = await Assert.ThrowsAsync<RpcException>(() =>
            _client.RunScenarioAsync(new RunScenarioRequest { Preset = "rate-shock" }).ResponseAsync);
        Assert.Contains("company_ids", noCompanies.Status.Detail);

        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            _client.RunScenarioAsync(new RunScenarioRequest { CompanyIds = { "MSFT", "NOPE-1" }, Preset = "rate-shock" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("NOPE-1", unknown.Status.Detail);
    }
}

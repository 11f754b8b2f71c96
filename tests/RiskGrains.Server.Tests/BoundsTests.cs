using Grpc.Core;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>
/// Every bound on what a request may hold, at the server's defaults: an absurd request is refused with the
/// field, the bound and, where a setting decides it, the setting's key, and changes nothing.
/// </summary>
[Collection(SharedServiceCollection.Name)]
public sealed class BoundsTests(SharedService service)
{
    private readonly RiskService.RiskServiceClient _client = service.Host.Client;

    [Fact]
    public async Task A_name_of_4_MiB_is_refused_by_the_message_size_limit_naming_the_setting()
    {
        var request = Requests.Company(Requests.NewCompanyId());
        request.Profile.Name = new string('n', 4 * 1024 * 1024);

        await Refusals.AssertStatus(
            () => _client.UpsertCompanyAsync(request).ResponseAsync,
            StatusCode.ResourceExhausted,
            "the request message is larger than RiskGrains:Limits:MaxReceiveMessageSize (4194304 bytes)");
        await Refusals.AssertUnknown(_client, request.Profile.CompanyId);
    }

    [Fact]
    public async Task A_name_sector_or_source_over_its_length_is_refused_and_changes_nothing()
    {
        var company = Requests.Company(Requests.NewCompanyId());
        company.Profile.Name = new string('n', 201);
        await Refusals.AssertInvalid(() => _client.UpsertCompanyAsync(company).ResponseAsync, "profile.name", "must be at most 200 characters (RiskGrains:Limits:MaxNameLength)");
        company.Profile.Name = "ok";
        company.Profile.Sector = new string('s', 101);
        await Refusals.AssertInvalid(() => _client.UpsertCompanyAsync(company).ResponseAsync, "profile.sector", "must be at most 100 characters (RiskGrains:Limits:MaxSectorLength)");
        await Refusals.AssertUnknown(_client, company.Profile.CompanyId);

        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        var period = Requests.Period(2025, 9, 30);
        period.Source = new string('x', 501);
        await Refusals.AssertInvalid(
            () => _client.ReportFinancialsAsync(Requests.Financials(id, period)).ResponseAsync,
            "periods[0].source",
            "must be at most 500 characters (RiskGrains:Limits:MaxSourceLength)");
        var commitment = Requests.Commitment(id, "dc-2");
        commitment.Commitment.Counterparty = new string('c', 201);
        await Refusals.AssertInvalid(
            () => _client.UpsertCommitmentAsync(commitment).ResponseAsync,
            "commitment.counterparty",
            "must be at most 200 characters (RiskGrains:Limits:MaxCounterpartyLength)");
        await Refusals.AssertUnchanged(_client, id, version);
    }

    [Fact]
    public async Task Text_with_NUL_or_control_characters_is_refused_and_changes_nothing()
    {
        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        var company = Requests.Company(id);
        company.Profile.Name = "Acme\0Corp";
        await Refusals.AssertInvalid(() => _client.UpsertCompanyAsync(company).ResponseAsync, "profile.name", "must not hold control characters");
        company.Profile.Name = "Acme";
        company.Profile.Sector = "Tech\r\nnology";
        await Refusals.AssertInvalid(() => _client.UpsertCompanyAsync(company).ResponseAsync, "profile.sector", "must not hold control characters");

        var commitment = Requests.Commitment(id, "dc-2");
        commitment.Commitment.Source = "note\u001b[31m12";
        await Refusals.AssertInvalid(() => _client.UpsertCommitmentAsync(commitment).ResponseAsync, "commitment.source", "must not hold control characters");
        await Refusals.AssertUnchanged(_client, id, version);
    }

    [Theory]
    [InlineData(10_000, 'c')]
    [InlineData(1, '\0')]
    [InlineData(5, ' ')]
    public async Task A_commitment_id_that_is_no_id_is_refused_and_changes_nothing(int length, char fill)
    {
        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        var commitmentId = "dc" + new string(fill, length);

        await Refusals.AssertInvalid(
            () => _client.UpsertCommitmentAsync(Requests.Commitment(id, commitmentId)).ResponseAsync,
            "commitment.commitment_id",
            "must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
        await Refusals.AssertInvalid(
            () => _client.RemoveCommitmentAsync(new RemoveCommitmentRequest { CompanyId = id, CommitmentId = commitmentId }).ResponseAsync,
            "commitment_id",
            "must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
        await Refusals.AssertUnchanged(_client, id, version);
    }

    [Theory]
    [InlineData(101)]
    [InlineData(20_000)]
    public async Task More_periods_than_a_request_may_hold_are_refused_and_change_nothing(int count)
    {
        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        var request = new ReportFinancialsRequest { CompanyId = id };
        var end = new DateOnly(2025, 9, 30);
        for (var i = 0; i < count; i++)
        {
            var day = end.AddDays(-i);
            request.Periods.Add(Requests.Period(day.Year, day.Month, day.Day));
        }

        var error = await Refusals.AssertInvalid(
            () => _client.ReportFinancialsAsync(request).ResponseAsync,
            "periods",
            "must hold at most 100 periods (RiskGrains:Limits:MaxPeriodsPerRequest)");
        Assert.Single(error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations);
        await Refusals.AssertUnchanged(_client, id, version);
    }

    [Fact]
    public async Task More_maturities_per_period_or_payments_per_commitment_than_the_bounds_are_refused_and_change_nothing()
    {
        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        var period = Requests.Period(2025, 9, 30);
        for (var i = 0; i < 201; i++)
        {
            period.DebtMaturities.Add(new DebtMaturity { MaturityDate = new Date { Year = 2030, Month = 1, Day = 1 }, Amount = 1 });
        }

        await Refusals.AssertInvalid(
            () => _client.ReportFinancialsAsync(Requests.Financials(id, period)).ResponseAsync,
            "periods[0].debt_maturities",
            "must hold at most 200 maturities (RiskGrains:Limits:MaxDebtMaturitiesPerPeriod)");

        var commitment = Requests.Commitment(id, "dc-2");
        for (var i = 0; i < 239; i++)
        {
            commitment.Commitment.Payments.Add(new Payment { DueDate = new Date { Year = 2027, Month = 1, Day = 1 }, Amount = 1 });
        }

        await Refusals.AssertInvalid(
            () => _client.UpsertCommitmentAsync(commitment).ResponseAsync,
            "commitment.payments",
            "must hold at most 240 payments (RiskGrains:Limits:MaxPaymentsPerCommitment)");
        await Refusals.AssertUnchanged(_client, id, version);

        commitment.Commitment.Payments.RemoveAt(0);
        Assert.Equal(version + 1, (await _client.UpsertCommitmentAsync(commitment)).Version);
    }

    [Fact]
    public async Task Absurd_money_is_refused_naming_the_bound_and_changes_nothing()
    {
        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        var commitment = Requests.Commitment(id, "dc-2", amount: 1e308);
        await Refusals.AssertInvalid(
            () => _client.UpsertCommitmentAsync(commitment).ResponseAsync,
            "commitment.payments[0].amount",
            "must be between 1e-6 and 1e15 (money)");

        var period = Requests.Period(2025, 9, 30);
        period.Cash = double.Epsilon;
        period.Ebitda = -1e16;
        await Refusals.AssertInvalid(
            () => _client.ReportFinancialsAsync(Requests.Financials(id, period)).ResponseAsync,
            "periods[0].cash",
            "must be 0 or between 1e-6 and 1e15 (money)");
        await Refusals.AssertInvalid(
            () => _client.ReportFinancialsAsync(Requests.Financials(id, period)).ResponseAsync,
            "periods[0].ebitda",
            "must be 0 or between 1e-6 and 1e15 in magnitude");
        await Refusals.AssertUnchanged(_client, id, version);
    }

    [Fact]
    public async Task Volatility_and_rates_sent_as_percents_or_absurd_are_refused_saying_they_are_fractions()
    {
        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        var tick = Requests.Tick(id, DateTimeOffset.UtcNow);
        tick.MarketData.EquityVolatility = 32;
        tick.MarketData.RiskFreeRate = 4.3;
        await Refusals.AssertInvalid(
            () => _client.PublishMarketDataAsync(tick).ResponseAsync,
            "market_data.equity_volatility",
            "must be an annual fraction between 0.001 and 5: 0.32 for 32 %, not 32");
        await Refusals.AssertInvalid(
            () => _client.PublishMarketDataAsync(tick).ResponseAsync,
            "market_data.risk_free_rate",
            "must be an annual fraction between -0.1 and 1: 0.043 for 4.3 %, not 4.3");

        tick.MarketData.EquityVolatility = 1e-300;
        tick.MarketData.RiskFreeRate = 1e308;
        tick.MarketData.MarketCap = 1e308;
        await Refusals.AssertInvalid(() => _client.PublishMarketDataAsync(tick).ResponseAsync, "market_data.equity_volatility", "must be an annual fraction between 0.001 and 5");
        await Refusals.AssertInvalid(() => _client.PublishMarketDataAsync(tick).ResponseAsync, "market_data.market_cap", "must be between 1e-6 and 1e15");
        await Refusals.AssertUnchanged(_client, id, version);
        Assert.False((await _client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk.Inputs.HasMarketData);
    }

    [Fact]
    public async Task A_period_ending_in_9999_is_refused_so_it_cannot_become_t0_for_good()
    {
        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        await Refusals.AssertInvalid(
            () => _client.ReportFinancialsAsync(Requests.Financials(id, Requests.Period(9999, 12, 31))).ResponseAsync,
            "periods[0].period_end",
            $"must be between {today.AddYears(-100):yyyy-MM-dd} and {today.AddYears(1):yyyy-MM-dd}");
        var commitment = Requests.Commitment(id, "dc-2");
        commitment.Commitment.Payments[0].DueDate = new Date { Year = 9999, Month = 12, Day = 31 };
        await Refusals.AssertInvalid(() => _client.UpsertCommitmentAsync(commitment).ResponseAsync, "commitment.payments[0].due_date", $"must be between {today.AddYears(-100):yyyy-MM-dd} and {today.AddYears(100):yyyy-MM-dd}, within 100 years of today");
        await Refusals.AssertUnchanged(_client, id, version);

        var accelerated = await _client.RunScenarioAsync(new RunScenarioRequest { CompanyIds = { id }, Shocks = new ScenarioShocks { CommitmentAcceleration = 1 } });
        Assert.Equal(20, Assert.Single(accelerated.Results).Stressed.Committed12M);
    }

    [Fact]
    public async Task A_tick_stamped_in_the_year_3000_is_refused_naming_the_clock_skew_and_real_ticks_still_apply()
    {
        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        var future = Requests.Tick(id, new DateTimeOffset(3000, 1, 1, 0, 0, 0, TimeSpan.Zero));

        await Refusals.AssertInvalid(
            () => _client.PublishMarketDataAsync(future).ResponseAsync,
            "market_data.as_of",
            "must be at most RiskGrains:Limits:MaxClockSkew (00:05:00) after the server's clock");

        using var call = _client.Ingest();
        var batch = new IngestRequest();
        batch.Items.Add(new IngestItem { PublishMarketData = Requests.Tick(id, new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero)) });
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;
        Assert.Equal((0UL, 1UL), (response.Applied, response.Rejected));
        Assert.Contains("publish_market_data.market_data.as_of must be at most RiskGrains:Limits:MaxClockSkew", Assert.Single(response.Errors).Message);
        await Refusals.AssertUnchanged(_client, id, version);

        var now = await _client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow));
        Assert.True(now.Applied);
        var skewed = await _client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow.AddMinutes(4)));
        Assert.True(skewed.Applied);
    }

    [Fact]
    public async Task A_scenario_shock_of_1e308_basis_points_is_refused_naming_the_bound()
    {
        var request = new RunScenarioRequest { CompanyIds = { "MSFT" }, Shocks = new ScenarioShocks { RateShockBps = 1e308, VolatilityMultiplier = 1e-300 } };

        await Refusals.AssertInvalid(() => _client.RunScenarioAsync(request).ResponseAsync, "shocks.rate_shock_bps", "must be between -10000 and 10000 basis points");
        await Refusals.AssertInvalid(() => _client.RunScenarioAsync(request).ResponseAsync, "shocks.volatility_multiplier", "must be between 0.1 and 10");
    }

    [Fact]
    public async Task Too_many_ids_for_a_watch_or_a_scenario_and_too_large_a_page_are_refused_naming_the_setting()
    {
        var watch = new WatchRiskRequest();
        watch.CompanyIds.Add(Enumerable.Range(0, 10_001).Select(i => $"C{i}"));
        using var call = _client.WatchRisk(watch);
        await Refusals.AssertInvalid(() => call.ResponseStream.MoveNext(CancellationToken.None), "company_ids", "must hold at most 10000 companies (RiskGrains:Limits:MaxWatchCompanies)");

        var scenario = new RunScenarioRequest { Preset = "credit-freeze" };
        scenario.CompanyIds.Add(Enumerable.Range(0, 501).Select(i => $"C{i}"));
        await Refusals.AssertInvalid(() => _client.RunScenarioAsync(scenario).ResponseAsync, "company_ids", "must hold at most 500 companies (RiskGrains:Limits:MaxScenarioCompanies)");

        await Refusals.AssertInvalid(
            () => _client.ListCompaniesAsync(new ListCompaniesRequest { PageSize = 1_001 }).ResponseAsync,
            "page_size",
            "must be between 1 and 1000 (0 means 100; RiskGrains:Limits:MaxPageSize)");
        await Refusals.AssertInvalid(
            () => _client.ListCompaniesAsync(new ListCompaniesRequest { PageToken = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("after:" + new string('x', 10_000))) }).ResponseAsync,
            "page_token",
            "is not a token this service issued");
    }

    [Fact]
    public async Task A_request_with_thousands_of_bad_fields_names_the_first_100_and_counts_the_rest()
    {
        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        var commitment = Requests.Commitment(id, "dc-2");
        commitment.Commitment.Payments.Clear();
        for (var i = 0; i < 240; i++)
        {
            commitment.Commitment.Payments.Add(new Payment { Amount = double.NaN });
        }

        var error = await Refusals.AssertInvalid(() => _client.UpsertCommitmentAsync(commitment).ResponseAsync, "commitment.payments[0].due_date", "is required");

        Assert.Equal(100, error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations.Count);
        Assert.EndsWith("; and 380 more", error.Status.Detail, StringComparison.Ordinal);
        await Refusals.AssertUnchanged(_client, id, version);
    }

    [Fact]
    public async Task An_ingest_item_with_a_malformed_company_id_is_reported_without_echoing_it()
    {
        using var call = _client.Ingest();
        var batch = new IngestRequest();
        var tick = Requests.Tick(new string('\0', 100_000), DateTimeOffset.UtcNow);
        batch.Items.Add(new IngestItem { PublishMarketData = tick });
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;

        var rejected = Assert.Single(response.Errors);
        Assert.Equal("", rejected.CompanyId);
        Assert.Equal("invalid input: publish_market_data.market_data.company_id must be 1 to 64 characters of A-Z a-z 0-9 . _ -", rejected.Message);
    }
}

using Google.Rpc;
using Grpc.Core;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>Every write path rejects bad input with INVALID_ARGUMENT naming each field, and changes nothing.</summary>
[Collection(SharedServiceCollection.Name)]
public sealed class ValidationTests(SharedService service)
{
    private readonly RiskService.RiskServiceClient _client = service.Host.Client;

    [Theory]
    [InlineData("", "profile.company_id")]
    [InlineData("bad id!", "profile.company_id")]
    [InlineData("x2345678901234567890123456789012345678901234567890123456789012345", "profile.company_id")]
    public async Task UpsertCompany_rejects_a_malformed_id(string id, string field)
    {
        var request = Requests.Company(id);
        await AssertRejected(() => _client.UpsertCompanyAsync(request).ResponseAsync, field);
    }

    [Fact]
    public async Task UpsertCompany_rejects_a_missing_profile_and_a_bad_currency()
    {
        await AssertRejected(() => _client.UpsertCompanyAsync(new UpsertCompanyRequest()).ResponseAsync, "profile");
        var request = Requests.Company(Requests.NewCompanyId());
        request.Profile.Currency = "dollars";
        await AssertRejected(() => _client.UpsertCompanyAsync(request).ResponseAsync, "profile.currency");
        await AssertUnknown(request.Profile.CompanyId);
    }

    [Fact]
    public async Task ReportFinancials_names_every_offending_field_and_changes_nothing()
    {
        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        var good = Requests.Period(2026, 6, 30);
        var bad = Requests.Period(2026, 9, 30, months: 13);
        bad.Cash = double.NaN;
        bad.ShortTermDebt = -1;
        bad.Ebitda = double.PositiveInfinity;
        bad.Capex = -5;
        bad.DebtMaturities.Add(new DebtMaturity { Amount = 10 });
        var request = Requests.Financials(id, good, bad);

        var error = await AssertRejected(
            () => _client.ReportFinancialsAsync(request).ResponseAsync,
            "periods[1].period_months",
            "periods[1].cash",
            "periods[1].short_term_debt",
            "periods[1].ebitda",
            "periods[1].capex",
            "periods[1].debt_maturities[0].maturity_date");
        Assert.DoesNotContain("periods[0]", error.Status.Detail);
        await AssertUnchanged(id, version);
    }

    [Fact]
    public async Task ReportFinancials_rejects_no_periods_a_missing_date_an_impossible_date_and_a_repeated_period()
    {
        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        await AssertRejected(() => _client.ReportFinancialsAsync(new ReportFinancialsRequest { CompanyId = id }).ResponseAsync, "periods");

        var missing = Requests.Period(2026, 6, 30);
        missing.PeriodEnd = null;
        await AssertRejected(() => _client.ReportFinancialsAsync(Requests.Financials(id, missing)).ResponseAsync, "periods[0].period_end");

        var impossible = Requests.Period(2026, 2, 30);
        await AssertRejected(() => _client.ReportFinancialsAsync(Requests.Financials(id, impossible)).ResponseAsync, "periods[0].period_end");

        await AssertRejected(
            () => _client.ReportFinancialsAsync(Requests.Financials(id, Requests.Period(2026, 6, 30), Requests.Period(2026, 6, 30))).ResponseAsync,
            "periods[1].period_end");
        await AssertRejected(() => _client.ReportFinancialsAsync(Requests.Financials("")).ResponseAsync, "company_id");
        await AssertUnchanged(id, version);
    }

    [Fact]
    public async Task UpsertCommitment_rejects_a_payment_without_date_a_penalty_outside_0_to_1_and_bad_amounts()
    {
        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        var request = Requests.Commitment(id, "c-2");
        request.Commitment.Payments[0].DueDate = null;
        request.Commitment.Payments[1].Amount = -3;
        request.Commitment.Cancellable = true;
        request.Commitment.CancellationPenalty = 1.5;
        request.Commitment.Sunk = double.NaN;
        request.Commitment.SalvageFraction = 2;

        await AssertRejected(
            () => _client.UpsertCommitmentAsync(request).ResponseAsync,
            "commitment.payments[0].due_date",
            "commitment.payments[1].amount",
            "commitment.cancellation_penalty",
            "commitment.sunk",
            "commitment.salvage_fraction");

        var noId = Requests.Commitment(id, "");
        await AssertRejected(() => _client.UpsertCommitmentAsync(noId).ResponseAsync, "commitment.commitment_id");
        await AssertRejected(() => _client.UpsertCommitmentAsync(new UpsertCommitmentRequest { CompanyId = id }).ResponseAsync, "commitment");
        await AssertUnchanged(id, version);
    }

    [Fact]
    public async Task RemoveCommitment_rejects_a_missing_commitment_id()
    {
        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        await AssertRejected(
            () => _client.RemoveCommitmentAsync(new RemoveCommitmentRequest { CompanyId = id }).ResponseAsync,
            "commitment_id");
        await AssertRejected(
            () => _client.RemoveCommitmentAsync(new RemoveCommitmentRequest { CompanyId = "a/b", CommitmentId = "dc-1" }).ResponseAsync,
            "company_id");
        await AssertUnchanged(id, version);
    }

    [Fact]
    public async Task PublishMarketData_rejects_non_finite_and_out_of_range_values_and_a_missing_time()
    {
        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        var request = Requests.Tick(id, DateTimeOffset.UtcNow);
        request.MarketData.MarketCap = 0;
        request.MarketData.EquityVolatility = double.NegativeInfinity;
        request.MarketData.RiskFreeRate = double.NaN;
        request.MarketData.AsOf = null;

        await AssertRejected(
            () => _client.PublishMarketDataAsync(request).ResponseAsync,
            "market_data.market_cap",
            "market_data.equity_volatility",
            "market_data.risk_free_rate",
            "market_data.as_of");
        await AssertRejected(() => _client.PublishMarketDataAsync(new PublishMarketDataRequest()).ResponseAsync, "market_data");
        await AssertUnchanged(id, version);
    }

    [Theory]
    [InlineData(253_402_300_900L, 0)]
    [InlineData(-62_135_596_801L, 0)]
    [InlineData(1_767_225_600L, -1)]
    [InlineData(1_767_225_600L, 1_000_000_000)]
    public async Task A_timestamp_no_calendar_can_hold_is_invalid_argument_and_is_rejected_alone_in_ingest(long seconds, int nanos)
    {
        var id = Requests.NewCompanyId();
        var version = await Requests.CreateAsync(_client, id);
        var request = Requests.Tick(id, DateTimeOffset.UtcNow);
        request.MarketData.AsOf = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = seconds, Nanos = nanos };

        await AssertRejected(() => _client.PublishMarketDataAsync(request).ResponseAsync, "market_data.as_of");

        using var call = _client.Ingest();
        var batch = new IngestRequest();
        batch.Items.Add(new IngestItem { PublishMarketData = request });
        await call.RequestStream.WriteAsync(batch);
        var next = new IngestRequest();
        next.Items.Add(new IngestItem { UpsertCommitment = Requests.Commitment(id, "dc-late") });
        await call.RequestStream.WriteAsync(next);
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;

        Assert.Equal((1UL, 1UL), (response.Applied, response.Rejected));
        Assert.Contains("publish_market_data.market_data.as_of", Assert.Single(response.Errors).Message);
        Assert.Equal(version + 1, (await _client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk.Version);
    }

    [Fact]
    public async Task WatchRisk_rejects_an_empty_list_and_malformed_ids()
    {
        using var empty = _client.WatchRisk(new WatchRiskRequest());
        await AssertRejected(() => empty.ResponseStream.MoveNext(CancellationToken.None), "company_ids");
        using var malformed = _client.WatchRisk(new WatchRiskRequest { CompanyIds = { "ok", "not ok" } });
        await AssertRejected(() => malformed.ResponseStream.MoveNext(CancellationToken.None), "company_ids[1]");
    }

    private static async Task<RpcException> AssertRejected(Func<Task> call, params string[] fields)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var details = error.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(details);
        var reported = details.FieldViolations.Select(v => v.Field).ToHashSet();
        foreach (var field in fields)
        {
            Assert.Contains(field, error.Status.Detail);
            Assert.Contains(field, reported);
        }

        return error;
    }

    private async Task AssertUnchanged(string id, ulong version)
    {
        var risk = (await _client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
        Assert.Equal(version, risk.Version);
        Assert.Equal(1, risk.Inputs.Periods);
        Assert.Equal(1, risk.Inputs.Commitments);
    }

    private async Task AssertUnknown(string id)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.GetRiskAsync(new GetRiskRequest { CompanyId = id }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }
}

using System.Collections.Immutable;
using RiskGrains.Contract.V1;
using RiskGrains.Model;
using RiskGrains.Server.Hosting;

namespace RiskGrains.Server.Tests;

[Collection(SharedServiceCollection.Name)]
public sealed class SampleDataTests(SharedService service)
{
    private static readonly string[] Hyperscalers = ["AMZN", "GOOGL", "META", "MSFT", "ORCL"];

    [Fact]
    public async Task First_start_loads_the_five_hyperscalers_with_their_commitment_books()
    {
        var client = service.Host.Client;
        var listed = (await client.ListCompaniesAsync(new ListCompaniesRequest { PageSize = 1000 })).Companies.Select(c => c.CompanyId);
        Assert.Superset(Hyperscalers.ToHashSet(), listed.ToHashSet());

        var sample = SampleDataSet.Read(SampleDataLoader.DefaultPath);
        foreach (var company in sample.Companies)
        {
            var risk = (await client.GetRiskAsync(new GetRiskRequest { CompanyId = company.Profile.Id })).Risk;
            Assert.Equal(company.Periods.Length, risk.Inputs.Periods);
            Assert.Equal(company.Commitments.Length, risk.Inputs.Commitments);
            Assert.True(risk.CommitmentsRemaining > 0, $"{company.Profile.Id} has a commitment book");
            Assert.True(risk.HasScore, $"{company.Profile.Id} has a score");
        }
    }

    [Fact]
    public void Every_sample_figure_keeps_its_source()
    {
        var sample = SampleDataSet.Read(SampleDataLoader.DefaultPath);
        Assert.Equal(Hyperscalers, sample.Companies.Select(c => c.Profile.Id).Order());
        Assert.All(sample.Companies.SelectMany(c => c.Periods), p => Assert.False(string.IsNullOrWhiteSpace(p.Source)));
        Assert.All(sample.Companies.SelectMany(c => c.Commitments), c => Assert.False(string.IsNullOrWhiteSpace(c.Source)));
    }

    [Theory]
    [InlineData("MSFT", "2022-06-30", 0.748)]
    [InlineData("MSFT", "2025-06-30", 1.186)]
    [InlineData("META", "2025-09-30", 1.149)]
    public void Debt_counting_leases_against_cash_counting_short_term_investments_matches_the_public_claim(string companyId, string balanceSheet, double adjustedDebtToCash)
    {
        var company = SampleDataSet.Read(SampleDataLoader.DefaultPath).Companies.Single(c => c.Profile.Id == companyId);
        var asOf = DateOnly.Parse(balanceSheet, System.Globalization.CultureInfo.InvariantCulture);
        var periods = company.Periods.Where(p => p.PeriodEnd <= asOf).ToImmutableArray();
        var assessment = RiskModel.Evaluate(new CompanyInputs(periods, [], null), ModelParameters.Default);

        Assert.Equal(asOf, assessment.T0);
        Assert.Equal(adjustedDebtToCash, Math.Round(assessment.AdjustedDebtToCash!.Value, 3));
    }

    [Fact]
    public async Task The_service_reports_the_same_ratio_for_the_sample_2022_balance_sheet()
    {
        var client = service.Host.Client;
        var msft = SampleDataSet.Read(SampleDataLoader.DefaultPath).Companies.Single(c => c.Profile.Id == "MSFT");
        var fy2022 = msft.Periods.Single(p => p.PeriodEnd == new DateOnly(2022, 6, 30));
        var id = Requests.NewCompanyId("MSFT22");
        await client.UpsertCompanyAsync(Requests.Company(id));
        var period = new RiskGrains.Contract.V1.FinancialPeriod
        {
            PeriodEnd = new Date { Year = 2022, Month = 6, Day = 30 },
            PeriodMonths = fy2022.PeriodMonths,
            Cash = fy2022.Cash,
            ShortTermInvestments = fy2022.ShortTermInvestments,
            ShortTermDebt = fy2022.ShortTermDebt,
            LongTermDebt = fy2022.LongTermDebt,
            OperatingLeaseLiabilities = fy2022.OperatingLeaseLiabilities,
            FinanceLeaseLiabilities = fy2022.FinanceLeaseLiabilities,
            Ebitda = fy2022.Ebitda,
            OperatingCashFlow = fy2022.OperatingCashFlow,
        };
        await client.ReportFinancialsAsync(Requests.Financials(id, period));

        var risk = (await client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
        Assert.Equal(0.748, Math.Round(risk.AdjustedDebtToCash, 3));
    }

    [Fact]
    public async Task Sample_loading_can_be_turned_off()
    {
        await using var host = await ServiceHost.StartAsync(loadSampleData: false);
        var listed = await host.Client.ListCompaniesAsync(new ListCompaniesRequest());
        Assert.Empty(listed.Companies);
    }

    [Fact]
    public async Task First_start_loads_each_sample_companys_market_state_so_every_company_has_probabilities()
    {
        var client = service.Host.Client;
        foreach (var company in SampleDataSet.Read(SampleDataLoader.DefaultPath).Companies)
        {
            Assert.NotNull(company.Market);
            var risk = (await client.GetRiskAsync(new GetRiskRequest { CompanyId = company.Profile.Id })).Risk;
            Assert.True(risk.Inputs.HasMarketData, $"{company.Profile.Id} has a market state");
            Assert.True(risk.HasCommitmentAdjustedDistanceToDefault, $"{company.Profile.Id} has a distance to default");
            Assert.Contains(risk.Components, c => c.Component == "default");

            // The state loaded is the sample's unless a later tick of another test replaced it.
            Assert.True(risk.Inputs.MarketAsOf.ToDateTimeOffset() >= company.Market!.AsOf);
        }

        // At first start, with no other tick, the model reads exactly the sample's market state.
        var orcl = SampleDataSet.Read(SampleDataLoader.DefaultPath).Companies.Single(c => c.Profile.Id == "ORCL");
        var expected = RiskModel.Evaluate(new CompanyInputs(orcl.Periods, orcl.Commitments, orcl.Market!.ToMarketState()), ModelParameters.Default);
        await using var fresh = await ServiceHost.StartAsync(loadSampleData: true);
        var loaded = (await fresh.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "ORCL" })).Risk;
        Assert.Equal(expected.Score!.Value, loaded.Score, 9);
        Assert.Equal(orcl.Market.AsOf, loaded.Inputs.MarketAsOf.ToDateTimeOffset());
        Assert.Equal(5UL, loaded.Version); // profile, periods, two commitments, then the market state
    }

    [Fact]
    public void Every_sample_market_figure_says_where_it_comes_from_and_what_is_illustrative()
    {
        var companies = SampleDataSet.Read(SampleDataLoader.DefaultPath).Companies;
        Assert.All(companies, c =>
        {
            Assert.NotNull(c.Market);
            Assert.Contains("ILLUSTRATIVE", c.Market!.Source, StringComparison.Ordinal);
        });

        // The four market caps the sources have are theirs (hyperscalers.csv, dated 2025-06-22); ORCL's is not in them.
        var caps = companies.ToDictionary(c => c.Profile.Id, c => c.Market!.MarketCap);
        Assert.Equal(3_550_000, caps["MSFT"]);
        Assert.Equal(1_720_000, caps["META"]);
        Assert.Equal(2_230_000, caps["AMZN"]);
        Assert.Equal(2_030_000, caps["GOOGL"]);
        Assert.StartsWith("ILLUSTRATIVE", companies.Single(c => c.Profile.Id == "ORCL").Market!.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sample_market_state_the_rules_refuse_stops_the_load_naming_its_fields()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(SampleDataLoader.DefaultPath))!;
        var market = json["companies"]![0]!["market"]!;
        market["equityVolatility"] = -0.2;
        market["marketCap"] = 0;
        market["source"] = " ";
        var path = Path.Combine(ServiceHost.TempDirectory(), "hyperscalers.json");
        File.WriteAllText(path, json.ToJsonString());

        var e = Assert.Throws<InvalidDataException>(() => SampleDataSet.Read(path));
        Assert.Contains("companies[0].market.market_cap", e.Message, StringComparison.Ordinal);
        Assert.Contains("companies[0].market.equity_volatility", e.Message, StringComparison.Ordinal);
        Assert.Contains("companies[0].market.source", e.Message, StringComparison.Ordinal);
    }
}

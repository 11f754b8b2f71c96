using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Tests;
using Xunit.Abstractions;

namespace RiskGrains.Board.Tests;

/// <summary>The board in a real browser against a real server process with the sample data.</summary>
[Trait("Category", "Process")]
public sealed class BoardTests(ITestOutputHelper output)
{
    private static readonly string[] SampleCompanies = ["AMZN", "GOOGL", "META", "MSFT", "ORCL"];

    [Fact]
    public async Task The_table_shows_the_sample_companies_and_a_tick_changes_its_row_within_a_second()
    {
        await using var server = await ServerProcess.StartAsync(ServiceHost.TempDirectory());
        await using var browser = await Browser.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync(server.Address.ToString());

        await Assertions.Expect(page.Locator(".row")).ToHaveCountAsync(SampleCompanies.Length);
        foreach (var id in SampleCompanies)
        {
            await Assertions.Expect(page.Locator($".row[data-id='{id}']")).ToBeVisibleAsync();
        }

        await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");

        // A harsher tick than the sample's market state for ORCL raises its 1-year PD: the cell shows the new one.
        var pd1 = page.Locator(".row[data-id='ORCL'] > span").Nth(8);
        var before = await pd1.TextContentAsync();
        var clock = Stopwatch.StartNew();
        await server.Client.PublishMarketDataAsync(Requests.Tick("ORCL", DateTimeOffset.UtcNow, marketCap: 150_000));
        await Assertions.Expect(pd1).Not.ToHaveTextAsync(before!, new LocatorAssertionsToHaveTextOptions { Timeout = 1_000 });
        output.WriteLine($"a tick reached the table {clock.ElapsedMilliseconds} ms after PublishMarketData was sent");

        var risk = (await server.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "ORCL" })).Risk;
        var expected = (100 * risk.PdTermStructure.Single(p => p.Years == 1).CumulativeDefaultProbability).ToString("F2", CultureInfo.InvariantCulture) + " %";
        Assert.Equal(expected, await pd1.TextContentAsync());

        output.WriteLine(await browser.ScreenshotAsync("companies"));
    }

    [Fact]
    public async Task Ten_thousand_companies_fill_the_table_with_only_the_rows_in_sight_drawn()
    {
        await using var server = await ServerProcess.StartAsync(ServiceHost.TempDirectory(), "--RiskGrains:LoadSampleData", "false");
        const int count = 10_000;
        using (var ingest = server.Client.Ingest())
        {
            for (var start = 0; start < count; start += 1_000)
            {
                var batch = new IngestRequest();
                for (var i = start; i < start + 1_000; i++)
                {
                    batch.Items.Add(new IngestItem { UpsertCompany = Requests.Company($"C{i:D5}") });
                }

                await ingest.RequestStream.WriteAsync(batch);
            }

            await ingest.RequestStream.CompleteAsync();
            Assert.Equal((ulong)count, (await ingest).Applied);
        }

        await using var browser = await Browser.OpenAsync();
        var page = browser.Page;
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(server.Address.ToString());
        await Assertions.Expect(page.Locator("#row-count")).ToHaveTextAsync($"{count} of {count} companies", new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
        output.WriteLine($"{count} companies listed and watched in {clock.ElapsedMilliseconds} ms");
        Assert.InRange(await page.Locator(".row").CountAsync(), 1, 100);

        // Scrolled to the end: the last rows are drawn in place of the first.
        await page.Locator("#table-head span[data-key='companyId']").ClickAsync();
        await page.Locator("#table-head span[data-key='companyId']").ClickAsync();
        await page.EvalOnSelectorAsync("#viewport", "v => v.scrollTop = v.scrollHeight");
        await Assertions.Expect(page.Locator($".row[data-id='C{count - 1:D5}']")).ToBeVisibleAsync();
        Assert.InRange(await page.Locator(".row").CountAsync(), 1, 100);

        // A change of one of them reaches its row.
        await page.Locator("#filter-text").FillAsync("C00042");
        await Assertions.Expect(page.Locator(".row")).ToHaveCountAsync(1);
        await server.Client.UpsertCompanyAsync(new UpsertCompanyRequest { Profile = new CompanyProfile { CompanyId = "C00042", Name = "Renamed", Sector = "Utilities", Currency = "USD" } });
        await Assertions.Expect(page.Locator(".row[data-id='C00042'] > span").Nth(1)).ToHaveTextAsync("Renamed");
    }

    [Fact]
    public async Task Filters_by_band_and_sorts_by_a_column()
    {
        await using var server = await ServerProcess.StartAsync(ServiceHost.TempDirectory());
        await using var browser = await Browser.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync(server.Address.ToString());
        await Assertions.Expect(page.Locator(".row")).ToHaveCountAsync(SampleCompanies.Length);

        // By score, highest first (the default), then lowest first after a click on its header.
        var scores = new List<(string Id, double Score)>();
        foreach (var id in SampleCompanies)
        {
            scores.Add((id, (await server.Client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk.Score));
        }

        var highestFirst = scores.OrderByDescending(s => s.Score).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => s.Id).ToArray();
        await Assertions.Expect(page.Locator(".row > span:first-child")).ToHaveTextAsync(highestFirst);
        await page.Locator("#table-head span[data-key='score']").ClickAsync();
        var lowestFirst = scores.OrderBy(s => s.Score).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => s.Id).ToArray();
        await Assertions.Expect(page.Locator(".row > span:first-child")).ToHaveTextAsync(lowestFirst);

        var moderate = scores.Where(s => s.Score is >= 20 and < 40).Select(s => s.Id).ToArray();
        await page.Locator("#filter-band").SelectOptionAsync("BAND_MODERATE");
        await Assertions.Expect(page.Locator(".row")).ToHaveCountAsync(moderate.Length);
        await Assertions.Expect(page.Locator("#row-count")).ToHaveTextAsync($"{moderate.Length} of {SampleCompanies.Length} companies");
    }

    [Fact]
    public async Task The_company_page_draws_its_charts()
    {
        await using var server = await ServerProcess.StartAsync(ServiceHost.TempDirectory());
        await server.Client.PublishMarketDataAsync(Requests.Tick("ORCL", DateTimeOffset.UtcNow, marketCap: 150_000));
        await using var browser = await Browser.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync(server.Address + "#/company/ORCL");

        foreach (var chart in (string[])["#chart-history", "#chart-runway", "#chart-pd"])
        {
            await Assertions.Expect(page.Locator($"{chart} canvas")).ToHaveCountAsync(1);
        }

        var risk = (await server.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "ORCL" })).Risk;
        await Assertions.Expect(page.Locator("#company-score")).ToHaveTextAsync(risk.Score.ToString("F1", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Oracle Corporation");
        await Assertions.Expect(page.Locator("text=Commitment book")).ToBeVisibleAsync();
        output.WriteLine(await browser.ScreenshotAsync("company"));
    }

    [Fact]
    public async Task The_portfolio_page_shows_its_figures_live()
    {
        await using var server = await ServerProcess.StartAsync(ServiceHost.TempDirectory());
        foreach (var id in SampleCompanies)
        {
            await server.Client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow, marketCap: 400_000));
        }

        var portfolios = new PortfolioService.PortfolioServiceClient(server.Channel);
        await using var browser = await Browser.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync(server.Address + "#/portfolio/hyperscalers");

        // The figures the page shows are the service's, once every member's tick has reached the portfolio.
        var risk = await Eventually.Returns(
            async () => (await portfolios.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = "hyperscalers" })).Risk,
            r => r.Positions.All(p => p.HasDefaultProbability));
        await Assertions.Expect(page.Locator("#expected-loss")).ToHaveTextAsync(risk.ExpectedLoss.ToString("N0", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#stressed-loss")).ToHaveTextAsync(risk.StressedLoss.ToString("N0", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("text=Top contributors to stressed loss")).ToBeVisibleAsync();

        // Live: a member's new tick moves the expected loss on the page.
        await server.Client.PublishMarketDataAsync(Requests.Tick("ORCL", DateTimeOffset.UtcNow, marketCap: 20_000));
        var after = await Eventually.Returns(
            async () => (await portfolios.GetPortfolioAsync(new GetPortfolioRequest { PortfolioId = "hyperscalers" })).Risk,
            r => r.ExpectedLoss != risk.ExpectedLoss);
        await Assertions.Expect(page.Locator("#expected-loss")).ToHaveTextAsync(after.ExpectedLoss.ToString("N0", CultureInfo.InvariantCulture));
        output.WriteLine(await browser.ScreenshotAsync("portfolio"));
    }

    [Fact]
    public async Task The_alerts_page_shows_each_firing_once_newest_first()
    {
        await using var server = await ServerProcess.StartAsync(ServiceHost.TempDirectory());
        var alerts = new AlertService.AlertServiceClient(server.Channel);
        await alerts.UpsertAlertRuleAsync(new UpsertAlertRuleRequest
        {
            Rule = new AlertRule { RuleId = "pd-above-1pct", AllCompanies = true, Field = "commitment_adjusted_default_probability", Comparison = Comparison.Above, Threshold = 0.01 },
        });
        await using var browser = await Browser.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync(server.Address + "#/alerts");
        await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");

        // A market cap far below ORCL's debt puts its probability above 1 %: one firing, shown with its version.
        var tick = await server.Client.PublishMarketDataAsync(Requests.Tick("ORCL", DateTimeOffset.UtcNow, marketCap: 5_000));
        var rows = page.Locator("#alerts tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("ORCL");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("pd-above-1pct");
        await Assertions.Expect(rows.Nth(0).Locator("td").Nth(7)).ToHaveTextAsync(tick.Version.ToString(CultureInfo.InvariantCulture));

        // Still inside the region: no second row. Then META crosses: its row comes first.
        await server.Client.PublishMarketDataAsync(Requests.Tick("ORCL", DateTimeOffset.UtcNow.AddSeconds(1), marketCap: 4_000));
        await server.Client.PublishMarketDataAsync(Requests.Tick("META", DateTimeOffset.UtcNow, marketCap: 1_000));
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("META");
        output.WriteLine(await browser.ScreenshotAsync("alerts"));
    }

    [Fact]
    public async Task The_board_links_to_the_operators_dashboard_which_shows_the_silo()
    {
        await using var server = await ServerProcess.StartAsync(ServiceHost.TempDirectory());
        await using var browser = await Browser.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync(server.Address.ToString());
        var href = await page.Locator("a", new PageLocatorOptions { HasText = "Operators' dashboard" }).GetAttributeAsync("href");
        Assert.Equal("dashboard/", href);

        await page.GotoAsync(server.Address + href);
        await Assertions.Expect(page.GetByText("Active silos").First).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 15_000 });
        await Assertions.Expect(page.GetByText("Total activations").First).ToBeVisibleAsync();
        output.WriteLine(await browser.ScreenshotAsync("dashboard"));
    }

    [Fact]
    public async Task With_auth_on_the_board_asks_for_a_key_and_then_shows_the_table()
    {
        var keys = new KeyFile(("viewer", "reader"));
        await using var server = await ServerProcess.StartAsync(ServiceHost.TempDirectory(), keys.Settings);
        await using var browser = await Browser.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync(server.Address.ToString());

        await Assertions.Expect(page.Locator("#key-dialog")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#key-reason")).ToContainTextAsync("Bearer");
        output.WriteLine(await browser.ScreenshotAsync("key"));
        await page.Locator("#key-input").FillAsync(keys["viewer"]);
        await page.Locator("#key-form button").ClickAsync();

        await Assertions.Expect(page.Locator(".row")).ToHaveCountAsync(SampleCompanies.Length);
        await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
    }

    [Fact]
    public async Task Shows_when_the_connection_is_lost_and_when_it_is_back()
    {
        var dataDir = ServiceHost.TempDirectory();
        var server = await ServerProcess.StartAsync(dataDir);
        await using var browser = await Browser.OpenAsync();
        var page = browser.Page;
        try
        {
            await page.GotoAsync(server.Address.ToString());
            await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");

            server.KillHard();
            await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "lost");

            server = await server.StartAgainAsync();
            await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live", new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
            await Assertions.Expect(page.Locator(".row")).ToHaveCountAsync(SampleCompanies.Length);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}

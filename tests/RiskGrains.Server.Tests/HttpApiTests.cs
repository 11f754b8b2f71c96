using System.Net;
using System.Text;
using System.Text.Json;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>The HTTP/JSON routes (gRPC JSON transcoding) of the in-process service, over HTTP/1.1 on its gRPC port.</summary>
public sealed class HttpApiTests
{
    private static HttpClient Http1(ServiceHost host) => new()
    {
        BaseAddress = host.Address,
        DefaultRequestVersion = HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Get_risk_as_json_is_the_grpc_snapshot()
    {
        await using var host = await ServiceHost.StartAsync();
        using var http = Http1(host);
        using var json = JsonDocument.Parse(await http.GetStringAsync("/v1/companies/MSFT/risk"));
        var risk = json.RootElement.GetProperty("risk");
        var grpc = (await host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "MSFT" })).Risk;
        Assert.Equal(grpc.Version, risk.GetProperty("version").GetUInt64());
        Assert.Equal(grpc.Score, risk.GetProperty("score").GetDouble());
        Assert.Equal("BAND_LOW", risk.GetProperty("band").GetString());
        Assert.Equal(grpc.RunwayCash.Count, risk.GetProperty("runwayCash").GetArrayLength());
    }

    [Fact]
    public async Task Out_of_range_and_malformed_requests_are_400_with_the_field_named()
    {
        await using var host = await ServiceHost.StartAsync();
        using var http = Http1(host);

        using var page = await http.GetAsync("/v1/companies?pageSize=100000");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        using var body = JsonDocument.Parse(await page.Content.ReadAsStringAsync());
        Assert.Equal("page_size", body.RootElement.GetProperty("details")[0].GetProperty("fieldViolations")[0].GetProperty("field").GetString());

        var before = (await host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "MSFT" })).Risk.Version;
        using var malformed = await http.PutAsync("/v1/companies/MSFT", Json("{\"name\": "));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        using var wrongType = await http.PutAsync("/v1/companies/MSFT", Json("{\"name\": 12, \"currency\": [1]}"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal(before, (await host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "MSFT" })).Risk.Version);
    }

    [Fact]
    public async Task A_duplicate_write_over_http_does_what_the_same_write_over_grpc_does()
    {
        await using var host = await ServiceHost.StartAsync(loadSampleData: false);
        using var http = Http1(host);
        const string profile = "{\"name\":\"Acme\",\"sector\":\"Technology\",\"currency\":\"USD\"}";

        async Task<ulong> PutAsync()
        {
            using var response = await http.PutAsync("/v1/companies/ACME", Json(profile));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetUInt64();
        }

        var first = await PutAsync();
        var second = await PutAsync();
        var third = (await host.Client.UpsertCompanyAsync(new UpsertCompanyRequest
        {
            Profile = new CompanyProfile { CompanyId = "ACME", Name = "Acme", Sector = "Technology", Currency = "USD" },
        })).Version;
        Assert.Equal(1UL, first);
        Assert.Equal(second - first, third - second);
    }

    [Fact]
    public async Task The_board_and_the_dashboard_are_served_unless_turned_off()
    {
        await using (var host = await ServiceHost.StartAsync())
        {
            using var http = Http1(host);
            Assert.Contains("<title>RiskGrains board</title>", await http.GetStringAsync("/"), StringComparison.Ordinal);
            Assert.Contains("uPlot", await http.GetStringAsync("/vendor/uplot/uPlot.iife.min.js"), StringComparison.Ordinal);
            using var dashboard = await http.GetAsync("/dashboard/");
            Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        }

        await using (var host = await ServiceHost.StartAsync(true, null, "--RiskGrains:EnableBoard", "false", "--RiskGrains:EnableDashboard", "false"))
        {
            using var http = Http1(host);
            using var board = await http.GetAsync("/");
            Assert.Equal(HttpStatusCode.NotFound, board.StatusCode);
            using var dashboard = await http.GetAsync("/dashboard/");
            Assert.Equal(HttpStatusCode.NotFound, dashboard.StatusCode);
        }
    }

    [Fact]
    public async Task A_connection_that_sends_nothing_is_closed_after_the_header_timeout()
    {
        await using var host = await ServiceHost.StartAsync(false, null, "--Kestrel:Limits:RequestHeadersTimeout", "00:00:01");
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(host.Address.Host, host.Address.Port);
        var buffer = new byte[16];
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int read;
        try
        {
            read = await socket.GetStream().ReadAsync(buffer, patience.Token);
        }
        catch (IOException reset) when (reset.InnerException is System.Net.Sockets.SocketException)
        {
            read = 0;
        }

        // Closed (an end of stream or a reset), long before the test's patience ran out.
        Assert.Equal(0, read);
        Assert.False(patience.IsCancellationRequested);
    }
}

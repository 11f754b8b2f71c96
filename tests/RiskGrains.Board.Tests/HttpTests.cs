using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grpc.Net.Client;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Tests;

namespace RiskGrains.Board.Tests;

/// <summary>The HTTP/JSON routes on a real server process: every kind of client on the one plaintext port, roles, errors, streams.</summary>
[Trait("Category", "Process")]
public sealed class HttpTests
{
    private const string PythonGetRisk = """
        import sys, grpc
        channel = grpc.insecure_channel(sys.argv[1])
        call = channel.unary_unary("/riskgrains.v1.RiskService/GetRisk", request_serializer=None, response_deserializer=None)
        print(call(b"\x0a\x04MSFT", timeout=10).hex())
        """;

    [Fact]
    public async Task Http1_json_and_grpc_over_h2c_share_the_plaintext_port()
    {
        await using var server = await ServerProcess.StartAsync(ServiceHost.TempDirectory());

        using var http1 = new HttpClient { BaseAddress = server.Address, DefaultRequestVersion = HttpVersion.Version11, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await http1.GetAsync("/v1/companies/MSFT/risk");
        Assert.Equal(HttpVersion.Version11, response.Version);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("MSFT", json.RootElement.GetProperty("risk").GetProperty("companyId").GetString());

        // HTTP/2 with prior knowledge, as gRPC clients connect: the same JSON route, then gRPC itself.
        using var h2c = new HttpClient { BaseAddress = server.Address, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var overH2 = await h2c.GetAsync("/v1/companies");
        Assert.Equal(HttpVersion.Version20, overH2.Version);
        Assert.Equal(HttpStatusCode.OK, overH2.StatusCode);
        var risk = (await server.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "MSFT" })).Risk;
        Assert.Equal(json.RootElement.GetProperty("risk").GetProperty("version").GetUInt64(), risk.Version);

        // buf curl: gRPC over h2c, with the schema read by reflection.
        var buf = Process.Start(new ProcessStartInfo("buf", ["curl", "--http2-prior-knowledge", "--protocol", "grpc", "-d", "{\"company_id\":\"MSFT\"}", $"{server.Address}riskgrains.v1.RiskService/GetRisk"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = await buf.StandardOutput.ReadToEndAsync();
        await buf.WaitForExitAsync();
        Assert.True(buf.ExitCode == 0, await buf.StandardError.ReadToEndAsync());
        Assert.Equal("MSFT", JsonDocument.Parse(stdout).RootElement.GetProperty("risk").GetProperty("companyId").GetString());

        // Python's grpcio (Debian's python3-grpcio), h2c with prior knowledge: GetRisk as raw protobuf bytes
        // (field 1, company_id), so no generated code is needed; the answer's bytes hold the id.
        var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", PythonGetRisk, server.Address.Authority])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var pythonOut = await python.StandardOutput.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, await python.StandardError.ReadToEndAsync());
        Assert.Equal(GetRiskResponse.Parser.ParseFrom(Convert.FromHexString(pythonOut.Trim())).Risk.Version, risk.Version);

        // The board and the OpenAPI description, over HTTP/1.1.
        Assert.Contains("<title>RiskGrains board</title>", await http1.GetStringAsync("/"), StringComparison.Ordinal);
        using var openApi = JsonDocument.Parse(await http1.GetStringAsync("/openapi/v1.json"));
        Assert.True(openApi.RootElement.GetProperty("paths").TryGetProperty("/v1/companies/{companyId}/risk", out _));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_every_field_named_and_changes_nothing()
    {
        await using var server = await ServerProcess.StartAsync(ServiceHost.TempDirectory());
        using var http = new HttpClient { BaseAddress = server.Address };
        var before = (await server.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "MSFT" })).Risk.Version;

        using var refused = await http.PostAsync("/v1/companies/MSFT/market-data", new StringContent("{\"marketCap\":-1,\"equityVolatility\":9}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(3, body.RootElement.GetProperty("code").GetInt32());
        var fields = body.RootElement.GetProperty("details")[0].GetProperty("fieldViolations").EnumerateArray().Select(v => v.GetProperty("field").GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { "market_data.as_of", "market_data.market_cap", "market_data.equity_volatility" }, fields);
        Assert.Equal(before, (await server.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "MSFT" })).Risk.Version);

        using var malformed = await http.PostAsync("/v1/companies/MSFT/market-data", new StringContent("{\"marketCap\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        using var unknown = await http.GetAsync("/v1/companies/NOPE/risk");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // Stale: a tick older than the one held is ignored, over HTTP as over gRPC.
        var now = DateTimeOffset.UtcNow;
        var tick = $"{{\"marketCap\":400000,\"equityVolatility\":0.3,\"riskFreeRate\":0.04,\"asOf\":\"{now:O}\"}}";
        var stale = $"{{\"marketCap\":400000,\"equityVolatility\":0.3,\"riskFreeRate\":0.04,\"asOf\":\"{now.AddMinutes(-1):O}\"}}";
        using var applied = await http.PostAsync("/v1/companies/MSFT/market-data", new StringContent(tick, Encoding.UTF8, "application/json"));
        Assert.True(JsonDocument.Parse(await applied.Content.ReadAsStringAsync()).RootElement.GetProperty("applied").GetBoolean());
        using var ignored = await http.PostAsync("/v1/companies/MSFT/market-data", new StringContent(stale, Encoding.UTF8, "application/json"));
        Assert.False(JsonDocument.Parse(await ignored.Content.ReadAsStringAsync()).RootElement.TryGetProperty("applied", out var flag) && flag.GetBoolean());
    }

    [Fact]
    public async Task Routes_and_the_dashboard_need_the_same_roles_as_grpc()
    {
        var keys = new KeyFile(("viewer", "reader"), ("feed", "writer"), ("ops", "admin"));
        await using var server = await ServerProcess.StartAsync(ServiceHost.TempDirectory(), keys.Settings);
        using var http = new HttpClient { BaseAddress = server.Address };
        HttpRequestMessage Request(HttpMethod method, string path, string? key, string? json = null)
        {
            var request = new HttpRequestMessage(method, path);
            if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys[key]);
            }

            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            return request;
        }

        using var anonymous = await http.SendAsync(Request(HttpMethod.Get, "/v1/companies/MSFT/risk", null));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(16, JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());

        using var read = await http.SendAsync(Request(HttpMethod.Get, "/v1/companies/MSFT/risk", "viewer"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        var profile = "{\"companyId\":\"NEWCO\",\"name\":\"New Co\",\"sector\":\"Technology\",\"currency\":\"USD\"}";
        using var readerWrites = await http.SendAsync(Request(HttpMethod.Put, "/v1/companies/NEWCO", "viewer", profile));
        Assert.Equal(HttpStatusCode.Forbidden, readerWrites.StatusCode);
        var refusal = JsonDocument.Parse(await readerWrites.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString();
        Assert.Equal("riskgrains.v1.RiskService/UpsertCompany needs the role writer or admin; 'viewer' has reader", refusal);

        using var writerWrites = await http.SendAsync(Request(HttpMethod.Put, "/v1/companies/NEWCO", "feed", profile));
        Assert.Equal(HttpStatusCode.OK, writerWrites.StatusCode);

        using var writerDashboard = await http.SendAsync(Request(HttpMethod.Get, "/dashboard/", "feed"));
        Assert.Equal(HttpStatusCode.Forbidden, writerDashboard.StatusCode);
        using var adminDashboard = await http.SendAsync(Request(HttpMethod.Get, "/dashboard/", "ops"));
        Assert.Equal(HttpStatusCode.OK, adminDashboard.StatusCode);

        // The board's own files and the OpenAPI description hold no data: open.
        using var board = await http.SendAsync(Request(HttpMethod.Get, "/", null));
        Assert.Equal(HttpStatusCode.OK, board.StatusCode);
    }

    [Fact]
    public async Task A_server_stream_is_newline_delimited_json()
    {
        await using var server = await ServerProcess.StartAsync(ServiceHost.TempDirectory());
        using var http = new HttpClient { BaseAddress = server.Address };
        using var response = await http.GetAsync("/v1/companies:watch?companyIds=MSFT&companyIds=AMZN", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var ids = new HashSet<string?>();
        for (var i = 0; i < 2; i++)
        {
            var line = await reader.ReadLineAsync();
            ids.Add(JsonDocument.Parse(line!).RootElement.GetProperty("update").GetProperty("risk").GetProperty("companyId").GetString());
        }

        Assert.Equal(new HashSet<string?> { "MSFT", "AMZN" }, ids);
        await server.Client.PublishMarketDataAsync(Requests.Tick("MSFT", DateTimeOffset.UtcNow, marketCap: 400_000));
        var next = JsonDocument.Parse((await reader.ReadLineAsync())!).RootElement.GetProperty("update");
        Assert.Equal("CHANGE_CAUSE_MARKET", next.GetProperty("cause").GetString());
    }
}

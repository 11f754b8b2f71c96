using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace RiskGrains.Server.Tests;

/// <summary>
/// The contract as a non-.NET client sees it: `buf curl` (Go) discovers the service by server
/// reflection alone, with no proto files, over plaintext HTTP/2.
/// </summary>
[Collection(SharedServiceCollection.Name)]
[Trait("Category", "Process")] // buf curl, a separate client process
public sealed class ContractTests(SharedService service)
{
    private string Address => service.Host.Address.ToString().TrimEnd('/');

    [Fact]
    public async Task Reflection_lists_the_risk_health_and_reflection_services()
    {
        var (exit, output) = await BufCurl("--list-services", Address);
        Assert.Equal(0, exit);
        var services = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("riskgrains.v1.RiskService", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Contains("grpc.reflection.v1.ServerReflection", services);
    }

    [Fact]
    public async Task GetRisk_answers_json_with_the_metrics_and_unknown_companies_are_not_found()
    {
        var (exit, output) = await BufCurl("-d", """{"company_id":"MSFT"}""", $"{Address}/riskgrains.v1.RiskService/GetRisk");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var risk = json.RootElement.GetProperty("risk");
        Assert.Equal("MSFT", risk.GetProperty("companyId").GetString());
        Assert.True(ulong.Parse(risk.GetProperty("version").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(risk.GetProperty("adjustedDebtToCash").GetDouble() > 1);
        Assert.StartsWith("BAND_", risk.GetProperty("band").GetString(), StringComparison.Ordinal);

        var (failed, error) = await BufCurl("-d", """{"company_id":"NOPE"}""", $"{Address}/riskgrains.v1.RiskService/GetRisk");
        Assert.NotEqual(0, failed);
        Assert.Contains("not_found", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchRisk_streams_the_current_snapshot_of_each_company()
    {
        var start = BufCurlStart("-d", """{"company_ids":["MSFT","META"]}""", $"{Address}/riskgrains.v1.RiskService/WatchRisk");
        using var process = Process.Start(start)!;
        try
        {
            var seen = new HashSet<string>();
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await foreach (var message in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(process.StandardOutput.BaseStream, topLevelValues: true, cancellationToken: cancel.Token))
            {
                var update = message.GetProperty("update");
                Assert.Equal("CHANGE_CAUSE_SNAPSHOT", update.GetProperty("cause").GetString());
                seen.Add(update.GetProperty("risk").GetProperty("companyId").GetString()!);
                if (seen.Count == 2)
                {
                    break;
                }
            }

            Assert.Equal(["META", "MSFT"], seen.Order());
        }
        finally
        {
            // The tree: `buf` installed by npm is a Node launcher whose child is the client itself.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task WatchRisk_with_a_read_mask_in_its_json_form_streams_only_the_fields_named()
    {
        // The canonical JSON of a FieldMask: one string of lowerCamelCase paths, which buf turns into proto names.
        var start = BufCurlStart("-d", """{"company_ids":["MSFT"],"read_mask":"score,band,runwayCash"}""", $"{Address}/riskgrains.v1.RiskService/WatchRisk");
        using var process = Process.Start(start)!;
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await using var messages = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(process.StandardOutput.BaseStream, topLevelValues: true, cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);
            Assert.True(await messages.MoveNextAsync());
            var update = messages.Current.GetProperty("update");
            var risk = update.GetProperty("risk");
            var current = (await service.Host.Client.GetRiskAsync(new Contract.V1.GetRiskRequest { CompanyId = "MSFT" })).Risk;

            Assert.Equal("CHANGE_CAUSE_SNAPSHOT", update.GetProperty("cause").GetString());
            Assert.Equal(["band", "companyId", "runwayCash", "score", "version"], risk.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal((current.Score, current.RunwayCash.Count), (risk.GetProperty("score").GetDouble(), risk.GetProperty("runwayCash").GetArrayLength()));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Killing_buf_curl_during_a_watch_leaves_no_error_in_the_server_log()
    {
        var host = service.Host;
        var id = Requests.NewCompanyId("BK");
        await Requests.CreateAsync(host.Client, id);
        var since = DateTime.UtcNow;
        var logged = host.Logs.Count;

        var start = BufCurlStart("-d", $$"""{"company_ids":["{{id}}"]}""", $"{Address}/riskgrains.v1.RiskService/WatchRisk");
        using (var process = Process.Start(start)!)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await using var messages = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(process.StandardOutput.BaseStream, topLevelValues: true, cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);
            Assert.True(await messages.MoveNextAsync());
            Assert.Equal(id, messages.Current.GetProperty("update").GetProperty("risk").GetProperty("companyId").GetString());

            // SIGKILL: the connection is gone at once, the watch and buf's reflection stream with it.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.True(await host.CallsEnded("/riskgrains.v1.RiskService/WatchRisk", since));
        Assert.True(await host.CallsEnded("/ServerReflectionInfo", since));
        var entries = host.Logs.Since(logged);
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(entries, e => e.Exception is not null);
    }

    private static ProcessStartInfo BufCurlStart(params string[] args)
    {
        var start = new ProcessStartInfo("buf")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["curl", "--protocol", "grpc", "--http2-prior-knowledge", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static async Task<(int Exit, string Output)> BufCurl(params string[] args)
    {
        using var process = Process.Start(BufCurlStart(args))
            ?? throw new InvalidOperationException("buf is not installed (npm install -g @bufbuild/buf)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }
}

using Grpc.Core;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>
/// One well-formed call of each RPC of RiskService against an existing company, with the caller's
/// metadata; each completes only when the call succeeded (a watch: its first message; Ingest: its response).
/// </summary>
internal static class RiskCalls
{
    public static readonly string[] Writes = ["UpsertCompany", "ReportFinancials", "UpsertCommitment", "RemoveCommitment", "PublishMarketData", "Ingest", "SetRevenueDependencies"];

    public static readonly string[] Reads = ["GetRisk", "ListCompanies", "WatchRisk", "RunScenario", "GetHistory", "GetPeers"];

    public static Task Call(string rpc, RiskService.RiskServiceClient client, string id, Metadata? headers) => rpc switch
    {
        "UpsertCompany" => client.UpsertCompanyAsync(Requests.Company(id), headers).ResponseAsync,
        "ReportFinancials" => client.ReportFinancialsAsync(Requests.Financials(id), headers).ResponseAsync,
        "UpsertCommitment" => client.UpsertCommitmentAsync(Requests.Commitment(id), headers).ResponseAsync,
        "RemoveCommitment" => client.RemoveCommitmentAsync(new RemoveCommitmentRequest { CompanyId = id, CommitmentId = "none" }, headers).ResponseAsync,
        "PublishMarketData" => client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow), headers).ResponseAsync,
        "Ingest" => Ingest(client, id, headers),
        "SetRevenueDependencies" => client.SetRevenueDependenciesAsync(new SetRevenueDependenciesRequest { CompanyId = id }, headers).ResponseAsync,
        "GetRisk" => client.GetRiskAsync(new GetRiskRequest { CompanyId = id }, headers).ResponseAsync,
        "ListCompanies" => client.ListCompaniesAsync(new ListCompaniesRequest(), headers).ResponseAsync,
        "WatchRisk" => FirstUpdate(client, id, headers),
        "RunScenario" => client.RunScenarioAsync(new RunScenarioRequest { CompanyIds = { id }, Preset = "rate-shock" }, headers).ResponseAsync,
        "GetHistory" => client.GetHistoryAsync(new GetHistoryRequest { CompanyId = id }, headers).ResponseAsync,
        "GetPeers" => client.GetPeersAsync(new GetPeersRequest { CompanyId = id }, headers).ResponseAsync,
        _ => throw new ArgumentOutOfRangeException(nameof(rpc), rpc, "not an RPC of RiskService"),
    };

    private static async Task FirstUpdate(RiskService.RiskServiceClient client, string id, Metadata? headers)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var watch = client.WatchRisk(new WatchRiskRequest { CompanyIds = { id } }, headers, cancellationToken: cancel.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(id, watch.ResponseStream.Current.Update.Risk.CompanyId);
    }

    private static async Task Ingest(RiskService.RiskServiceClient client, string id, Metadata? headers)
    {
        using var call = client.Ingest(headers);
        try
        {
            var batch = new IngestRequest { Items = { new IngestItem { PublishMarketData = Requests.Tick(id, DateTimeOffset.UtcNow) } } };
            await call.RequestStream.WriteAsync(batch);
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException)
        {
            // The server refused the call before reading it; its status is the response's.
        }

        var response = await call.ResponseAsync;
        Assert.Equal(0UL, response.Rejected);
        Assert.Equal(1UL, response.Applied + response.Ignored);
    }
}

using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1;
using Microsoft.Extensions.Logging;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Grpc;
using RiskGrains.Server.Security;

namespace RiskGrains.Server.Tests;

/// <summary>
/// ApiKey mode against the real service over HTTP/2: every RPC of RiskService for every kind of
/// caller, the statuses and messages of a refusal, the open health and reflection services, and the
/// principal recorded with each write.
/// </summary>
public sealed class AuthorizationTests(ApiKeyService service) : IClassFixture<ApiKeyService>
{
    public static TheoryData<string, string> EveryRpcForEveryCaller() => CallerCases.For(RiskCalls.Writes.Concat(RiskCalls.Reads));

    [Theory]
    [MemberData(nameof(EveryRpcForEveryCaller))]
    public async Task Each_rpc_answers_each_caller_as_its_role_allows(string rpc, string caller)
    {
        var headers = CallerCases.Headers(service, caller);
        var (expected, message) = CallerCases.Expected("RiskService", rpc, RiskCalls.Writes.Contains(rpc), caller);

        var call = RiskCalls.Call(rpc, service.Host.Client, service.CompanyId, headers);

        if (expected == StatusCode.OK)
        {
            await call;
        }
        else
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => call);
            Assert.Equal(expected, refused.StatusCode);
            Assert.Equal(message, refused.Status.Detail);
        }
    }

    [Fact]
    public void Every_rpc_of_the_service_names_its_role_policy() =>
        CallerCases.AssertPolicies(typeof(RiskGrpcService), typeof(Contract.V1.RiskService.RiskServiceBase), RiskCalls.Writes, RiskCalls.Reads);

    [Fact]
    public async Task Health_and_reflection_answer_without_credentials()
    {
        var health = await new Health.HealthClient(service.Host.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        using var reflection = new ServerReflection.ServerReflectionClient(service.Host.Channel).ServerReflectionInfo();
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        Assert.True(await reflection.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Contains("riskgrains.v1.RiskService", reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
        await reflection.RequestStream.CompleteAsync();
    }

    [Fact]
    public async Task A_watcher_sees_who_made_each_change_and_the_log_names_them()
    {
        var client = service.Host.Client;
        var id = Requests.NewCompanyId("BY");
        await client.UpsertCompanyAsync(Requests.Company(id), service.Bearer(ApiKeyService.Writer));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var watch = client.WatchRisk(new WatchRiskRequest { CompanyIds = { id } }, service.Bearer(ApiKeyService.Reader), cancellationToken: cancel.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(ApiKeyService.Writer, watch.ResponseStream.Current.Update.Risk.ChangedBy);

        await client.ReportFinancialsAsync(Requests.Financials(id), service.Bearer(ApiKeyService.Admin));
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal((2UL, ApiKeyService.Admin), (watch.ResponseStream.Current.Update.Risk.Version, watch.ResponseStream.Current.Update.Risk.ChangedBy));

        // Ingest's writes carry the stream's caller too.
        await RiskCalls.Call("Ingest", client, id, service.Bearer(ApiKeyService.Writer));
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal((3UL, ChangeCause.Market, ApiKeyService.Writer), (watch.ResponseStream.Current.Update.Risk.Version, watch.ResponseStream.Current.Update.Cause, watch.ResponseStream.Current.Update.Risk.ChangedBy));
        var risk = await client.GetRiskAsync(new GetRiskRequest { CompanyId = id }, service.Bearer(ApiKeyService.Reader));
        Assert.Equal(ApiKeyService.Writer, risk.Risk.ChangedBy);

        var changes = service.Host.Logs.Entries.Where(e => e.Category == "RiskGrains.Grains.CompanyGrain" && e.Message.StartsWith(id, StringComparison.Ordinal)).ToList();
        Assert.Contains(changes, e => e.Level == LogLevel.Information && e.Message == $"{id} version 1: Profile by desk-writer");
        Assert.Contains(changes, e => e.Level == LogLevel.Information && e.Message == $"{id} version 2: Financials by desk-admin");
        Assert.DoesNotContain(changes, e => e.Level >= LogLevel.Information && e.Message.Contains("Market", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keys_appear_nowhere_in_the_log_nor_in_the_key_file()
    {
        var unknown = KeyGenCommand.NewKey();
        await Assert.ThrowsAsync<RpcException>(() => RiskCalls.Call("GetRisk", service.Host.Client, service.CompanyId, ApiKeyService.BearerOf(unknown)));
        await RiskCalls.Call("GetRisk", service.Host.Client, service.CompanyId, service.Bearer(ApiKeyService.Reader));

        var keys = (string[])[unknown, service.Keys[ApiKeyService.Reader], service.Keys[ApiKeyService.Writer], service.Keys[ApiKeyService.Admin]];
        Assert.DoesNotContain(service.Host.Logs.Entries, e => keys.Any(k => e.ToString().Contains(k, StringComparison.Ordinal)));
        var file = await File.ReadAllTextAsync(service.Keys.Path);
        Assert.DoesNotContain(keys, k => file.Contains(k, StringComparison.Ordinal));
        Assert.Contains(service.Host.Logs.Entries, e => e.Message.Contains("refused with Unauthenticated: the API key sent is not known", StringComparison.Ordinal));
    }
}

using Grpc.Core;
using RiskGrains.Server.Tests;

namespace RiskGrains.Client.Tests;

/// <summary>A write refused for the caller's write rate: thrown by default, retried after a second when the options say so.</summary>
public sealed class WriteRateTests(RateLimitedService service) : IClassFixture<RateLimitedService>, IDisposable
{
    private readonly ClientLog _log = new();

    public void Dispose() => _log.Dispose();

    [Fact]
    public async Task A_write_past_the_rate_is_RESOURCE_EXHAUSTED_at_once_by_default()
    {
        using var client = new RiskGrainsClient(new RiskGrainsClientOptions { Address = service.Host.Address, ApiKey = service.Keys["hasty"] }, _log.Factory);
        var id = Requests.NewCompanyId("RH");

        await client.UpsertCompanyAsync(Requests.Company(id));
        var error = await Assert.ThrowsAsync<RpcException>(() => client.UpsertCompanyAsync(Requests.Company(id)));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("WriteRatePerSecond", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(_log.Retries);
    }

    [Fact]
    public async Task With_RetryWhenRateLimited_writes_past_the_rate_wait_their_turn_and_succeed()
    {
        using var client = new RiskGrainsClient(
            new RiskGrainsClientOptions { Address = service.Host.Address, ApiKey = service.Keys["patient"], RetryWhenRateLimited = true },
            _log.Factory);
        var id = Requests.NewCompanyId("RP");

        var versions = new List<ulong>
        {
            (await client.UpsertCompanyAsync(Requests.Company(id))).Version,
            (await client.ReportFinancialsAsync(Requests.Financials(id))).Version,
            (await client.UpsertCommitmentAsync(Requests.Commitment(id))).Version,
        };

        Assert.Equal([1UL, 2UL, 3UL], versions);
        Assert.NotEmpty(_log.Retries);
        Assert.All(_log.Retries, r => Assert.Contains(nameof(StatusCode.ResourceExhausted), r.Message, StringComparison.Ordinal));
    }
}

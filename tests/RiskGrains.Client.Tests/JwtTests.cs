using System.Security.Claims;
using Grpc.Core;
using RiskGrains.Server.Tests;

namespace RiskGrains.Client.Tests;

/// <summary>The client against a service in Jwt mode: a fixed token, or a provider asked before every call.</summary>
public sealed class JwtTests(JwtService service) : IClassFixture<JwtService>
{
    [Fact]
    public async Task A_token_is_sent_on_every_call_as_the_bearer()
    {
        using var client = new RiskGrainsClient(new RiskGrainsClientOptions
        {
            Address = service.Host.Address,
            Token = service.Token("desk-9", [new Claim("role", "writer")]),
        });
        var id = Requests.NewCompanyId("JT");

        await client.UpsertCompanyAsync(Requests.Company(id));

        Assert.Equal("desk-9", (await client.GetRiskAsync(id)).ChangedBy);
    }

    [Fact]
    public async Task A_token_provider_is_asked_before_each_call_so_a_renewed_token_replaces_an_expired_one()
    {
        var asked = 0;
        using var client = new RiskGrainsClient(new RiskGrainsClientOptions
        {
            Address = service.Host.Address,
            TokenProvider = _ => ValueTask.FromResult(Interlocked.Increment(ref asked) == 1
                ? service.Token("feed-2", [new Claim("role", "writer")], expires: DateTime.UtcNow.AddMinutes(-5))
                : service.Token("feed-2", [new Claim("role", "writer")])),
        });
        var id = Requests.NewCompanyId("JP");

        var expired = await Assert.ThrowsAsync<RpcException>(() => client.UpsertCompanyAsync(Requests.Company(id)));
        var created = await client.UpsertCompanyAsync(Requests.Company(id));
        var risk = await client.GetRiskAsync(id);

        Assert.Equal(StatusCode.Unauthenticated, expired.StatusCode);
        Assert.Equal((1UL, "feed-2", 3), (created.Version, risk.ChangedBy, asked));
    }
}

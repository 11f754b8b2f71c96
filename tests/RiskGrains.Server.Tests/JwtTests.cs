using System.Security.Claims;
using System.Security.Cryptography;
using Grpc.Core;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>Jwt mode with a symmetric key: roles from the token's role or roles claims, the caller named by its subject, bad tokens refused.</summary>
public sealed class JwtTests(JwtService service) : IClassFixture<JwtService>
{
    [Fact]
    public async Task A_reader_token_reads_and_may_not_write()
    {
        var reader = JwtService.Bearer(service.Token("alice", [new Claim("role", "reader")]));

        await RiskCalls.Call("WatchRisk", service.Host.Client, service.CompanyId, reader);
        var refused = await Assert.ThrowsAsync<RpcException>(() => RiskCalls.Call("PublishMarketData", service.Host.Client, service.CompanyId, reader));

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal("riskgrains.v1.RiskService/PublishMarketData needs the role writer or admin; 'alice' has reader", refused.Status.Detail);
    }

    [Fact]
    public async Task Roles_come_from_a_roles_array_too_and_writes_are_recorded_as_the_subject()
    {
        var id = Requests.NewCompanyId("JW");
        var writer = JwtService.Bearer(service.Token("feed-service", [new Claim("roles", "Writer"), new Claim("roles", "other-app-role")]));

        await service.Host.Client.UpsertCompanyAsync(Requests.Company(id), writer);
        var risk = await service.Host.Client.GetRiskAsync(new GetRiskRequest { CompanyId = id }, writer);

        Assert.Equal("feed-service", risk.Risk.ChangedBy);
    }

    [Fact]
    public async Task A_token_without_a_role_of_ours_is_denied_reads()
    {
        var none = JwtService.Bearer(service.Token("bob", [new Claim("role", "viewer")]));

        var refused = await Assert.ThrowsAsync<RpcException>(() => RiskCalls.Call("GetRisk", service.Host.Client, service.CompanyId, none));

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal("riskgrains.v1.RiskService/GetRisk needs the role reader or writer or admin; 'bob' has no role", refused.Status.Detail);
    }

    [Theory]
    [InlineData("no token", "no credentials: send the metadata 'authorization: Bearer <token>' with a JWT from the service's identity provider")]
    [InlineData("expired", "the bearer token was refused: it expired at ")]
    [InlineData("wrong audience", "the bearer token was refused: it is not for this service (audience)")]
    [InlineData("wrong signature", "the bearer token was refused: its signature does not verify")]
    [InlineData("not a JWT", "the bearer token was refused: it is not a well-formed JWT")]
    [InlineData("not bearer", "the authorization metadata must read 'Bearer <token>'")]
    public async Task A_missing_or_bad_token_is_unauthenticated_and_says_why(string token, string message)
    {
        var reader = (IEnumerable<Claim>)[new Claim("role", "reader")];
        var headers = token switch
        {
            "no token" => null,
            "expired" => JwtService.Bearer(service.Token("alice", reader, expires: DateTime.UtcNow.AddMinutes(-10))),
            "wrong audience" => JwtService.Bearer(service.Token("alice", reader, audience: "another-service")),
            "wrong signature" => JwtService.Bearer(service.Token("alice", reader, signingKey: RandomNumberGenerator.GetBytes(32))),
            "not a JWT" => JwtService.Bearer("not.a.token"),
            _ => new Metadata { { "authorization", "Basic YWxpY2U6c2VjcmV0" } },
        };

        var refused = await Assert.ThrowsAsync<RpcException>(() => RiskCalls.Call("GetRisk", service.Host.Client, service.CompanyId, headers));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.StartsWith(message, refused.Status.Detail, StringComparison.Ordinal);
    }
}

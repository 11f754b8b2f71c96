using System.Security.Claims;
using System.Security.Cryptography;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RiskGrains.Server.Tests;

/// <summary>A service in Jwt mode with a shared signing key, and tokens signed here as an identity provider would.</summary>
public sealed class JwtService : IAsyncLifetime
{
    public const string Audience = "riskgrains";
    public const string Issuer = "https://issuer.test";

    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);

    public ServiceHost Host { get; private set; } = null!;

    public string CompanyId { get; } = Requests.NewCompanyId("JW");

    /// <summary>A token for <paramref name="subject"/>; each argument left out takes the value a valid token has.</summary>
    public string Token(
        string subject,
        IEnumerable<Claim>? claims = null,
        DateTime? expires = null,
        string audience = Audience,
        byte[]? signingKey = null)
    {
        var now = DateTime.UtcNow;
        var identity = new ClaimsIdentity([new Claim("sub", subject), .. claims ?? []]);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = identity,
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = (expires ?? now.AddMinutes(10)).AddMinutes(-20),
            NotBefore = (expires ?? now.AddMinutes(10)).AddMinutes(-20),
            Expires = expires ?? now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey ?? _signingKey), SecurityAlgorithms.HmacSha256),
        });
    }

    public static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };

    public async Task InitializeAsync()
    {
        Host = await ServiceHost.StartAsync(
            loadSampleData: false,
            dataDir: null,
            "--RiskGrains:Auth:Mode", "Jwt",
            "--RiskGrains:Auth:Jwt:SigningKey", Convert.ToBase64String(_signingKey),
            "--RiskGrains:Auth:Jwt:Audience", Audience,
            "--RiskGrains:Auth:Jwt:Issuer", Issuer);
        var admin = Bearer(Token("setup", [new Claim("role", "admin")]));
        await Host.Client.UpsertCompanyAsync(Requests.Company(CompanyId), admin);
        await Host.Client.ReportFinancialsAsync(Requests.Financials(CompanyId), admin);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace RiskGrains.Server.Security;

/// <summary>
/// The one authentication scheme of the service. A client certificate listed in
/// <c>RiskGrains:Auth:ClientCertificates</c> authenticates in any mode; otherwise the mode decides:
/// None gives every caller <see cref="Callers.Anonymous"/> with all roles, ApiKey looks the bearer
/// key's hash up in the key file, Jwt checks the bearer token with ASP.NET Core's JwtBearer. Each
/// failure says what was wrong, never echoing what was sent; authorization turns it into UNAUTHENTICATED.
/// </summary>
internal sealed class CallerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder, KnownCallers callers)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    public const string SchemeName = "RiskGrains";

    /// <summary>The JwtBearer scheme this one delegates to in Jwt mode.</summary>
    public const string JwtScheme = JwtBearerDefaults.AuthenticationScheme;

    private const int MaxKeyBytes = 512;

    // Token claims that name a caller, by preference: a person's or a service's subject, then an OAuth client.
    private static readonly string[] NameClaims = ["sub", "client_id", "azp"];
    private static readonly string[] RoleClaims = ["role", "roles"];

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.Connection.ClientCertificate is { } certificate && callers.ClientCertificates?.Find(certificate.GetCertHash(HashAlgorithmName.SHA256)) is { } mapped)
        {
            var now = DateTime.Now;
            return now < certificate.NotBefore || now > certificate.NotAfter
                ? AuthenticateResult.Fail($"the client certificate of '{mapped.Name}' is valid only from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}")
                : Success(mapped.Name, mapped.Roles, "ClientCertificate");
        }

        return callers.Mode switch
        {
            AuthMode.None => Success(Callers.Anonymous, Roles.All, "None"),
            AuthMode.ApiKey => ApiKey(),
            _ => await Jwt(),
        };
    }

    private AuthenticateResult ApiKey()
    {
        if (Bearer() is not { } key)
        {
            return AuthenticateResult.NoResult();
        }

        if (key.Length == 0 || Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            return AuthenticateResult.Fail("the authorization metadata must read 'Bearer <API key>'");
        }

        Span<byte> utf8 = stackalloc byte[MaxKeyBytes];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(key, utf8)], hash);
        return callers.ApiKeys!.Find(hash) is { } entry
            ? Success(entry.Name, entry.Roles, "ApiKey")
            : AuthenticateResult.Fail("the API key sent is not known to this server: send 'authorization: Bearer <API key>' with a key issued for it");
    }

    private async Task<AuthenticateResult> Jwt()
    {
        var result = await Context.AuthenticateAsync(JwtScheme);
        if (result.None)
        {
            return Bearer() is null ? AuthenticateResult.NoResult() : AuthenticateResult.Fail("the authorization metadata must read 'Bearer <token>'");
        }

        if (!result.Succeeded)
        {
            return AuthenticateResult.Fail($"the bearer token was refused: {Describe(result.Failure)}");
        }

        var token = result.Principal!;
        var name = NameClaims.Select(type => token.FindFirst(type)?.Value).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
        if (name is null)
        {
            return AuthenticateResult.Fail("the bearer token names no caller: it needs a 'sub' (or 'client_id') claim");
        }

        // Roles other applications use are ignored; ours are matched whatever their case.
        var roles = RoleClaims.SelectMany(token.FindAll).Select(c => Roles.Find(c.Value)).OfType<string>().Distinct(StringComparer.Ordinal);
        return Success(name, roles, "Jwt");
    }

    /// <summary>What follows "Bearer " in the authorization header; null without a bearer credential.</summary>
    private string? Bearer()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
    }

    private AuthenticateResult Success(string name, IEnumerable<string> roles, string type) =>
        AuthenticateResult.Success(new AuthenticationTicket(Callers.Principal(name, roles, type), SchemeName));

    private static string Describe(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException expired => $"it expired at {expired.Expires:u}",
        SecurityTokenNotYetValidException => "it is not valid yet",
        SecurityTokenInvalidAudienceException => "it is not for this service (audience)",
        SecurityTokenInvalidIssuerException => "it is not from this service's issuer",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "its signature does not verify",
        SecurityTokenInvalidAlgorithmException => "its signing algorithm is not accepted",
        ArgumentException => "it is not a well-formed JWT",
        InvalidOperationException => "the identity provider's signing keys could not be read",
        _ => "it is not valid",
    };
}

using System.Text;

namespace RiskGrains.Server.Security;

/// <summary>
/// The section <c>RiskGrains:Auth:Jwt</c>: an identity provider (<see cref="Authority"/> and
/// <see cref="Audience"/>, keys read from its metadata), or a shared <see cref="SigningKey"/>.
/// </summary>
public sealed class JwtOptions
{
    /// <summary>The smallest symmetric key accepted: HMAC-SHA256 wants at least its output size.</summary>
    public const int MinSigningKeyBytes = 32;

    /// <summary>The issuer's URL; its OpenID Connect metadata gives the signing keys and the issuer.</summary>
    public string? Authority { get; set; }

    /// <summary>The <c>aud</c> a token must carry; required with <see cref="Authority"/>, optional with a signing key.</summary>
    public string? Audience { get; set; }

    /// <summary>With a signing key: the <c>iss</c> a token must carry; unset, any.</summary>
    public string? Issuer { get; set; }

    /// <summary>A shared HMAC key, at least 32 bytes: base64 when it decodes to that many, otherwise UTF-8 text.</summary>
    public string? SigningKey { get; set; }

    public bool IsEmpty =>
        string.IsNullOrWhiteSpace(Authority) && string.IsNullOrWhiteSpace(Audience)
        && string.IsNullOrWhiteSpace(Issuer) && string.IsNullOrWhiteSpace(SigningKey);

    /// <summary>The key's bytes; null when there is no signing key.</summary>
    public byte[]? SigningKeyBytes()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            return null;
        }

        var decoded = new byte[SigningKey.Length];
        return Convert.TryFromBase64String(SigningKey, decoded, out var written) && written >= MinSigningKeyBytes
            ? decoded[..written]
            : Encoding.UTF8.GetBytes(SigningKey);
    }

    /// <summary>What is wrong when the mode is Jwt, named by configuration key.</summary>
    public IEnumerable<string> Problems()
    {
        var authority = !string.IsNullOrWhiteSpace(Authority);
        var key = !string.IsNullOrWhiteSpace(SigningKey);
        if (authority == key)
        {
            yield return "RiskGrains:Auth:Jwt needs either Authority (with Audience) or SigningKey when RiskGrains:Auth:Mode is Jwt";
            yield break;
        }

        if (authority && !(Uri.TryCreate(Authority, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps))
        {
            yield return "RiskGrains:Auth:Jwt:Authority must be an https URL (the token issuer, e.g. https://login.example.com/realms/desk)";
        }

        if (authority && string.IsNullOrWhiteSpace(Audience))
        {
            yield return "RiskGrains:Auth:Jwt:Audience is required with RiskGrains:Auth:Jwt:Authority";
        }

        if (key && SigningKeyBytes()!.Length < MinSigningKeyBytes)
        {
            yield return $"RiskGrains:Auth:Jwt:SigningKey must be at least {MinSigningKeyBytes} bytes (base64 of 32 random bytes: openssl rand -base64 32)";
        }
    }
}

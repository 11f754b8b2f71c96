namespace RiskGrains.Server.Security;

/// <summary>The mode and the files callers are checked against: one per server, shared by every request.</summary>
internal sealed class KnownCallers(AuthMode mode, PrincipalFile? apiKeys, PrincipalFile? clientCertificates)
{
    public AuthMode Mode { get; } = mode;

    /// <summary>ApiKey mode: the key file.</summary>
    public PrincipalFile? ApiKeys { get; } = apiKeys;

    /// <summary>When <c>RiskGrains:Auth:ClientCertificates</c> is set: the certificates that authenticate.</summary>
    public PrincipalFile? ClientCertificates { get; } = clientCertificates;

    public static KnownCallers Load(AuthOptions options, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger<PrincipalFile>();
        var keys = options.Mode == AuthMode.ApiKey ? PrincipalFile.Load("RiskGrains:Auth:ApiKeysFile", options.ApiKeysFile!, logger) : null;
        var certificates = string.IsNullOrWhiteSpace(options.ClientCertificates)
            ? null
            : PrincipalFile.Load("RiskGrains:Auth:ClientCertificates", options.ClientCertificates, logger);
        return new KnownCallers(options.Mode, keys, certificates);
    }

    /// <summary>What a caller without credentials is told to send.</summary>
    public string MissingCredentials() => Mode switch
    {
        AuthMode.Jwt => "no credentials: send the metadata 'authorization: Bearer <token>' with a JWT from the service's identity provider",
        _ => "no credentials: send the metadata 'authorization: Bearer <API key>'",
    };
}

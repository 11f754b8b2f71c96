namespace RiskGrains.Server.Security;

/// <summary><c>RiskGrains:Auth:Mode</c>: who may call the service (docs/operations.md, SECURITY.md).</summary>
public enum AuthMode
{
    /// <summary>No authentication: allowed only while every listening address is loopback.</summary>
    None,

    /// <summary>Clients send <c>authorization: Bearer &lt;key&gt;</c>; keys are listed, hashed, in a key file.</summary>
    ApiKey,

    /// <summary>Clients send a JWT bearer token; roles come from its <c>role</c> claims.</summary>
    Jwt,
}

namespace RiskGrains.Server.Security;

/// <summary>The section <c>RiskGrains:Auth</c>: how callers are authenticated and given roles (SECURITY.md).</summary>
public sealed class AuthOptions
{
    public AuthMode Mode { get; set; } = AuthMode.None;

    /// <summary>ApiKey mode: the file of <c>&lt;sha256 hex of the key&gt; &lt;name&gt; &lt;role&gt;[,&lt;role&gt;...]</c> lines.</summary>
    public string? ApiKeysFile { get; set; }

    /// <summary>
    /// A file of <c>&lt;sha256 thumbprint&gt; &lt;name&gt; &lt;roles&gt;</c> lines: TLS endpoints then ask for a
    /// client certificate, and a listed one authenticates as that name in any mode.
    /// </summary>
    public string? ClientCertificates { get; set; }

    /// <summary>Jwt mode: where tokens come from and how they are checked (<c>RiskGrains:Auth:Jwt</c>).</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>Every setting that is out of range, named by its configuration key; the files are read to check them.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Enum.IsDefined(Mode))
        {
            yield return "RiskGrains:Auth:Mode must be None, ApiKey or Jwt";
        }

        if (Mode == AuthMode.ApiKey && string.IsNullOrWhiteSpace(ApiKeysFile))
        {
            yield return "RiskGrains:Auth:ApiKeysFile is required when RiskGrains:Auth:Mode is ApiKey: a file of '<sha256 hex of the key> <name> <roles>' lines (SECURITY.md)";
        }

        if (Mode != AuthMode.ApiKey && !string.IsNullOrWhiteSpace(ApiKeysFile))
        {
            yield return $"RiskGrains:Auth:ApiKeysFile is used only when RiskGrains:Auth:Mode is ApiKey (it is {Mode}): leave it empty";
        }

        if (Mode == AuthMode.Jwt)
        {
            foreach (var problem in Jwt.Problems())
            {
                yield return problem;
            }
        }
        else if (!Jwt.IsEmpty)
        {
            yield return $"RiskGrains:Auth:Jwt is used only when RiskGrains:Auth:Mode is Jwt (it is {Mode}): leave its keys empty";
        }

        if (Mode == AuthMode.ApiKey && !string.IsNullOrWhiteSpace(ApiKeysFile) && PrincipalFile.Problem("RiskGrains:Auth:ApiKeysFile", ApiKeysFile) is { } keys)
        {
            yield return keys;
        }

        if (!string.IsNullOrWhiteSpace(ClientCertificates) && PrincipalFile.Problem("RiskGrains:Auth:ClientCertificates", ClientCertificates) is { } certificates)
        {
            yield return certificates;
        }
    }
}

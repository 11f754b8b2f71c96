namespace RiskGrains.Server.Security;

/// <summary>The section <c>RiskGrains:Auth</c>: how callers are authenticated and given roles.</summary>
public sealed class AuthOptions
{
    public AuthMode Mode { get; set; } = AuthMode.None;

    /// <summary>Every setting that is out of range, named by its configuration key.</summary>
    public IEnumerable<string> Problems()
    {
        yield break;
    }
}

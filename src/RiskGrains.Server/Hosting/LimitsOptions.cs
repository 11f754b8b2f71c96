namespace RiskGrains.Server.Hosting;

/// <summary>The section <c>RiskGrains:Limits</c>: the bounds every request is held to.</summary>
public sealed class LimitsOptions
{
    /// <summary>Every setting that is out of range, named by its configuration key.</summary>
    public IEnumerable<string> Problems()
    {
        yield break;
    }
}

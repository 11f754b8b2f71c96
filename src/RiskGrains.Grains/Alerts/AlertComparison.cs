namespace RiskGrains.Grains;

/// <summary>Which side of a rule's threshold is its alert region.</summary>
public enum AlertComparison
{
    /// <summary>value &gt; threshold; re-armed once value &lt; threshold − hysteresis.</summary>
    Above = 1,

    /// <summary>value &lt; threshold; re-armed once value &gt; threshold + hysteresis.</summary>
    Below = 2,

    /// <summary>value ≥ threshold (a band and worse); re-armed once value &lt; threshold − hysteresis.</summary>
    AtLeast = 3,
}

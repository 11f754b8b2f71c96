namespace RiskGrains.Grains;

/// <summary>A version and the ceiling reserved with it, as each of a company's stored records holds them.</summary>
public readonly record struct VersionStamp(ulong Version, ulong Ceiling);

namespace RiskGrains.Grains;

/// <summary>The names of the grain stores the host must provide.</summary>
public static class StorageNames
{
    public const string Companies = "companies";
}

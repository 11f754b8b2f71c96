using System.Text.Json.Serialization;

namespace RiskGrains.Grains;

/// <summary>What the directory keeps in its grain state; the companies are rows of <see cref="ICompanyDirectoryStore"/>.</summary>
public sealed record DirectoryState
{
    /// <summary>
    /// The whole list, as stores written before the row store hold it. Moved to the row store at
    /// activation, then cleared; never written again.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, CompanyListing>? Companies { get; init; }

    public bool SampleDataLoaded { get; init; }
}

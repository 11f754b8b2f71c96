using System.Text.Json;

namespace RiskGrains.Grains;

/// <summary>
/// A directory row as every store keeps it: the listing as JSON, so a field added to the listing
/// later (sector, score) needs no change of table or hash, and rows written before it still read.
/// </summary>
public static class DirectoryRow
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static byte[] Encode(CompanyListing listing) => JsonSerializer.SerializeToUtf8Bytes(listing, Options);

    public static CompanyListing Decode(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<CompanyListing>(json, Options) ?? throw new InvalidDataException("a stored directory row is empty");
}

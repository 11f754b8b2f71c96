using System.Text.Json;

namespace RiskGrains.Grains;

/// <summary>A history point as every store keeps it: JSON, so that points written before a field was added still read.</summary>
public static class HistoryPointCodec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static byte[] Encode(HistoryPoint point) => JsonSerializer.SerializeToUtf8Bytes(point, Options);

    public static HistoryPoint Decode(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<HistoryPoint>(json, Options) ?? throw new InvalidDataException("a stored history point is empty");
}

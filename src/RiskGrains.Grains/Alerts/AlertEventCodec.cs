using System.Text.Json;

namespace RiskGrains.Grains;

/// <summary>An alert as the stores keep it: UTF-8 JSON, so a field added later needs no change of table or key.</summary>
public static class AlertEventCodec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static byte[] Encode(AlertEvent alert) => JsonSerializer.SerializeToUtf8Bytes(alert, Options);

    public static AlertEvent Decode(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<AlertEvent>(json, Options) ?? throw new InvalidDataException("a stored alert is empty");
}

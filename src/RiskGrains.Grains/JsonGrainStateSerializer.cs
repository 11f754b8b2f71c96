using System.Text.Json;
using Orleans.Storage;

namespace RiskGrains.Grains;

/// <summary>
/// Grain state as System.Text.Json, for every store (SQLite, Redis, memory). The state records hold
/// model types, which stay free of Orleans attributes, so Orleans' own storage serializer refuses them;
/// JSON also keeps stored state readable.
/// </summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    public static readonly JsonGrainStateSerializer Instance = new();

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) =>
        input.ToObjectFromJson<T>(Options) ?? throw new InvalidDataException($"stored {typeof(T).Name} is empty");
}

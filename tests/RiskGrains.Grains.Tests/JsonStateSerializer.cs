using System.Text.Json;
using Orleans.Storage;

namespace RiskGrains.Grains.Tests;

/// <summary>
/// Stores grain state as System.Text.Json with general defaults, as the service's embedded store
/// (SqliteGrainStorage) does. Orleans' default storage serializer (Newtonsoft with a type
/// allow-list) rejects CompanyState and DirectoryState, which carry no Orleans attributes.
/// </summary>
internal sealed class JsonStateSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) =>
        input.ToObjectFromJson<T>(Options) ?? throw new InvalidOperationException($"stored {typeof(T).Name} is empty");
}

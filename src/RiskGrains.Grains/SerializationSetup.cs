using Orleans.Serialization;

namespace RiskGrains.Grains;

public static class SerializationSetup
{
    /// <summary>
    /// The model library carries no Orleans attributes (it stays pure), so its records travel
    /// between grains as System.Text.Json.
    /// </summary>
    public static ISerializerBuilder AddRiskModelTypes(this ISerializerBuilder builder) =>
        builder.AddJsonSerializer(isSupported: IsModelType);

    private static bool IsModelType(Type type) =>
        type.Namespace == "RiskGrains.Model" && type.Assembly == typeof(Model.RiskAssessment).Assembly;
}

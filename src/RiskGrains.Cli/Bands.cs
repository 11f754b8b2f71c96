using RiskGrains.Contract.V1;

namespace RiskGrains.Cli;

/// <summary>Band names as typed: <c>moderate</c>, <c>MODERATE</c> or <c>BAND_MODERATE</c>.</summary>
public static class Bands
{
    public static readonly IReadOnlyList<string> Names = ["low", "moderate", "elevated", "high", "severe"];

    public static Band Parse(string text)
    {
        var name = (text ?? "").Trim().ToUpperInvariant();
        if (name.StartsWith("BAND_", StringComparison.Ordinal))
        {
            name = name["BAND_".Length..];
        }

        return name switch
        {
            "LOW" => Band.Low,
            "MODERATE" => Band.Moderate,
            "ELEVATED" => Band.Elevated,
            "HIGH" => Band.High,
            "SEVERE" => Band.Severe,
            _ => throw new UsageException($"--band must be one of {string.Join(", ", Names)}, not '{text}'"),
        };
    }
}

namespace RiskGrains.Model;

/// <summary>The exposure of a portfolio's positions in one band; <see cref="Band"/> null for positions without a score.</summary>
public readonly record struct BandExposure(Band? Band, double Exposure);

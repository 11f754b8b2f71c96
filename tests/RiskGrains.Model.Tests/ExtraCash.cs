namespace RiskGrains.Model.Tests;

public sealed record ExtraCash(double Amount);

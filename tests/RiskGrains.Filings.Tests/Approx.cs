namespace RiskGrains.Filings.Tests;

/// <summary>Equality of USD-million amounts computed from dollars: to the dollar (1e-6 million).</summary>
internal static class Approx
{
    public static void Millions(double expected, double actual) => Assert.Equal(expected, actual, 6);

    public static void Millions(double expected, double? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected, actual.Value, 6);
    }
}

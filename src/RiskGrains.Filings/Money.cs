using System.Globalization;

namespace RiskGrains.Filings;

/// <summary>Amounts in the unit the importers produce: USD millions, as the sample data (docs/import.md, units).</summary>
internal static class Money
{
    private const decimal DollarsPerMillion = 1_000_000m;

    /// <summary>
    /// Dollars to millions. The arithmetic of quarters and sums is done in decimal dollars first, so a
    /// difference of equal facts is exactly 0 rather than a rounding residue the input rules would refuse.
    /// </summary>
    public static double FromDollars(decimal dollars) => ToDouble(dollars / DollarsPerMillion);

    /// <summary>
    /// The double nearest to <paramref name="value"/>. The decimal-to-double cast can be one unit in the
    /// last place off (569.771m casts to 569.77100000000007); parsing the decimal's text is exact.
    /// </summary>
    public static double ToDouble(decimal value) =>
        double.Parse(value.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Millions with up to three decimals and thousands separators, as in sources and messages: 2,767.167.</summary>
    public static string Format(double millions) => millions.ToString("#,0.###", CultureInfo.InvariantCulture);
}

using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using RiskGrains.Contract.V1;

namespace RiskGrains.Cli;

/// <summary>Numbers as people read them: thousands separators, units, no float noise; "—" for an absent value.</summary>
public static class Formats
{
    public const string Absent = "—";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>An amount in the company's currency unit (millions), to a thousandth at most: <c>35,425</c>, <c>986.77</c>.</summary>
    public static string Money(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("#,##0.###", Invariant) : Absent;

    /// <summary>A large amount of millions made short: <c>3.55 T</c>, <c>986.8 B</c>, <c>412 M</c>.</summary>
    public static string CompactMoney(double? millions)
    {
        if (millions is not { } m || !double.IsFinite(m))
        {
            return Absent;
        }

        var abs = Math.Abs(m);
        return abs >= 1_000_000 ? (m / 1_000_000).ToString("#,##0.00", Invariant) + " T"
            : abs >= 1_000 ? (m / 1_000).ToString("#,##0.0", Invariant) + " B"
            : m.ToString("#,##0.#", Invariant) + " M";
    }

    /// <summary>A score, to a tenth: <c>30.1</c>.</summary>
    public static string Score(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.0", Invariant) : Absent;

    /// <summary>A change of score with its sign: <c>+1.2</c>, <c>−0.3</c>, <c>0.0</c>.</summary>
    public static string Delta(double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return Absent;
        }

        var rounded = Math.Round(v, 1);
        return rounded > 0 ? "+" + rounded.ToString("0.0", Invariant)
            : rounded < 0 ? "−" + (-rounded).ToString("0.0", Invariant)
            : "0.0";
    }

    /// <summary>A ratio as a multiple: <c>3.11×</c>.</summary>
    public static string Multiple(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("#,##0.00", Invariant) + "×" : Absent;

    /// <summary>Months of runway; the model's cap (60) reads as "60+ mo".</summary>
    public static string Months(int? months, bool capped = false) => months is { } m ? $"{m.ToString(Invariant)}{(capped ? "+" : "")} mo" : Absent;

    /// <summary>
    /// A probability as a percentage with two significant digits, never in exponent form: <c>34 %</c>, <c>1.2 %</c>,
    /// <c>0.0020 %</c>; below one in a million, <c>&lt;0.0001 %</c>.
    /// </summary>
    public static string Probability(double? value)
    {
        if (value is not { } p || !double.IsFinite(p))
        {
            return Absent;
        }

        if (p <= 0)
        {
            return "0 %";
        }

        var percent = p * 100;
        if (percent < 1e-4)
        {
            return "<0.0001 %";
        }

        // Two significant digits: as many decimals as the first significant digit's place asks.
        var decimals = Math.Max(0, 1 - (int)Math.Floor(Math.Log10(percent)));
        return percent.ToString("F" + decimals.ToString(Invariant), Invariant) + " %";
    }

    /// <summary>How long ago, coarsely: <c>3s</c>, <c>2m 05s</c>, <c>1h 02m</c>, <c>3d 04h</c>.</summary>
    public static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalSeconds < 60 ? $"{(int)age.TotalSeconds}s"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes}m {age.Seconds:00}s"
            : age.TotalHours < 24 ? $"{(int)age.TotalHours}h {age.Minutes:00}m"
            : $"{(int)age.TotalDays}d {age.Hours:00}h";
    }

    /// <summary>A band's word: <c>MODERATE</c> for <c>BAND_MODERATE</c>, "—" when unspecified.</summary>
    public static string Band(Band band) => band == Contract.V1.Band.Unspecified ? Absent : band.ToString().ToUpperInvariant();

    /// <summary>The colour people read a band in, green to red.</summary>
    public static string BandColour(Band band) => band switch
    {
        Contract.V1.Band.Low => "green",
        Contract.V1.Band.Moderate => "yellow",
        Contract.V1.Band.Elevated => "darkorange",
        Contract.V1.Band.High => "red",
        Contract.V1.Band.Severe => "maroon",
        _ => "grey",
    };

    /// <summary>A band in its colour, as Spectre markup.</summary>
    public static string BandMarkup(Band band) => $"[{BandColour(band)}]{Band(band)}[/]";

    /// <summary>A cause's word: <c>market</c> for <c>CHANGE_CAUSE_MARKET</c>.</summary>
    public static string Cause(ChangeCause cause) => cause == ChangeCause.Unspecified ? Absent : cause.ToString().ToLowerInvariant();

    /// <summary>A date of the contract: <c>2025-12-31</c>.</summary>
    public static string Date(Date? date) => date is null || date.Year == 0 ? Absent : $"{date.Year:0000}-{date.Month:00}-{date.Day:00}";

    /// <summary>A time in UTC to the second: <c>2026-01-02 15:30:00Z</c>.</summary>
    public static string Time(Timestamp? time) => time is null ? Absent : time.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", Invariant);

    /// <summary>The cumulative default probability of the PD term structure at <paramref name="years"/>, when the structure has it.</summary>
    public static double? PdAt(CompanyRisk risk, double years) =>
        risk?.PdTermStructure.FirstOrDefault(p => Math.Abs(p.Years - years) < 1e-9)?.CumulativeDefaultProbability;
}

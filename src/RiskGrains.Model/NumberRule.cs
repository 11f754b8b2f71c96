namespace RiskGrains.Model;

/// <summary>
/// What one numeric input must be: finite and within bounds. The request readers, the allocation-free
/// tick reader and the model's own checks all test a field with the same rule, so they cannot disagree.
/// </summary>
/// <param name="MinMagnitude">
/// When above 0, a value other than 0 must be at least this large in magnitude: a subnormal cash
/// balance of 5e-324 under a debt of 1e15 would make a ratio of Infinity.
/// </param>
public readonly record struct NumberRule(double Min, double Max, bool MinExclusive, string Message, double MinMagnitude = 0)
{
    /// <summary>
    /// The largest money amount, in the company's currency unit (docs/risk-model.md §1). With it every
    /// sum, ratio and runway path of the model stays finite: a book of the most commitments and payments
    /// the service takes adds up to about 1e20.
    /// </summary>
    public const double MaxMoney = 1e15;

    /// <summary>The smallest money amount other than 0, in the company's currency unit.</summary>
    public const double MinMoney = 1e-6;

    public static readonly NumberRule Fraction = new(0, 1, MinExclusive: false, "must be between 0 and 1");

    /// <summary>A money amount of either sign (a flow, retained earnings).</summary>
    public static readonly NumberRule Money = new(-MaxMoney, MaxMoney, MinExclusive: false, "must be 0 or between 1e-6 and 1e15 in magnitude (money, either sign)", MinMoney);

    /// <summary>A money amount that cannot be negative (a balance, an outflow).</summary>
    public static readonly NumberRule MoneyNonNegative = new(0, MaxMoney, MinExclusive: false, "must be 0 or between 1e-6 and 1e15 (money)", MinMoney);

    /// <summary>A money amount that must be there (a payment, a denominator).</summary>
    public static readonly NumberRule MoneyPositive = new(MinMoney, MaxMoney, MinExclusive: false, "must be between 1e-6 and 1e15 (money)");

    /// <summary>True when <paramref name="value"/> keeps the rule; NaN and infinities never do.</summary>
    public bool Holds(double value) =>
        double.IsFinite(value)
        && (MinExclusive ? value > Min : value >= Min)
        && value <= Max
        && (value == 0 || Math.Abs(value) >= MinMagnitude);

    /// <summary>Adds <c>path.field</c> with the rule's message to <paramref name="errors"/> when the value breaks it.</summary>
    public void Check(List<FieldError> errors, string path, string field, double value)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!Holds(value))
        {
            errors.Add(new FieldError(InputRules.Join(path, field), Message));
        }
    }
}

namespace RiskGrains.Model;

/// <summary>
/// What one numeric input must be: finite and within bounds. The request readers, the allocation-free
/// tick reader and the model's own checks all test a field with the same rule, so they cannot disagree.
/// </summary>
public readonly record struct NumberRule(double Min, double Max, bool MinExclusive, string Message)
{
    public static readonly NumberRule Finite = new(double.MinValue, double.MaxValue, MinExclusive: false, "must be finite");
    public static readonly NumberRule NonNegative = new(0, double.MaxValue, MinExclusive: false, "must be finite and >= 0");
    public static readonly NumberRule Positive = new(0, double.MaxValue, MinExclusive: true, "must be finite and > 0");
    public static readonly NumberRule Fraction = new(0, 1, MinExclusive: false, "must be between 0 and 1");

    /// <summary>True when <paramref name="value"/> keeps the rule; NaN and infinities never do.</summary>
    public bool Holds(double value) =>
        double.IsFinite(value) && (MinExclusive ? value > Min : value >= Min) && value <= Max;

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

using System.Collections.Immutable;
using System.Reflection;

namespace RiskGrains.Model.Tests;

/// <summary>
/// Field-by-field comparison of two assessments: every public property of <see cref="RiskAssessment"/>,
/// found by reflection so a property added later is compared too. Numbers agree to 1e-9 relative
/// (1e-12 absolute near zero); everything else is equal.
/// </summary>
internal static class Equivalence
{
    public const double Relative = 1e-9;
    public const double Absolute = 1e-12;

    private static readonly PropertyInfo[] AssessmentProperties =
        typeof(RiskAssessment).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    /// <param name="sameMertonIterations">False when one side was warm-started: the root is the same, the path to it is not.</param>
    public static void AssertSameAssessment(RiskAssessment expected, RiskAssessment actual, bool sameMertonIterations = true)
    {
        foreach (var property in AssessmentProperties)
        {
            string name = property.Name;
            object? e = property.GetValue(expected);
            object? a = property.GetValue(actual);
            switch (e)
            {
                case double or null when property.PropertyType == typeof(double?) || property.PropertyType == typeof(double):
                    Close(name, (double?)e, (double?)a);
                    break;
                case ImmutableArray<double> cash:
                    SameLength(name, cash.Length, ((ImmutableArray<double>)a!).Length);
                    for (int i = 0; i < cash.Length; i++)
                    {
                        Close($"{name}[{i}]", cash[i], ((ImmutableArray<double>)a!)[i]);
                    }

                    break;
                case ImmutableArray<DependencyContribution> dependencies:
                    Assert.Equal(dependencies.ToArray(), ((ImmutableArray<DependencyContribution>)a!).ToArray());
                    break;
                case ImmutableArray<PdPoint> points:
                    var others = (ImmutableArray<PdPoint>)a!;
                    SameLength(name, points.Length, others.Length);
                    for (int i = 0; i < points.Length; i++)
                    {
                        Assert.Equal(points[i].Years, others[i].Years);
                        Close($"{name}[{i}].DistanceToDefault", points[i].DistanceToDefault, others[i].DistanceToDefault);
                        Close($"{name}[{i}].CumulativeDefaultProbability", points[i].CumulativeDefaultProbability, others[i].CumulativeDefaultProbability);
                        Close($"{name}[{i}].AnnualHazard", points[i].AnnualHazard, others[i].AnnualHazard);
                    }

                    break;
                case ImmutableArray<ComponentScore> components:
                    var other = (ImmutableArray<ComponentScore>)a!;
                    SameLength(name, components.Length, other.Length);
                    for (int i = 0; i < components.Length; i++)
                    {
                        Assert.Equal(components[i].Component, other[i].Component);
                        Close($"{name}[{i}].Input", components[i].Input, other[i].Input);
                        Close($"{name}[{i}].Points", components[i].Points, other[i].Points);
                        Close($"{name}[{i}].Weight", components[i].Weight, other[i].Weight);
                        Close($"{name}[{i}].Contribution", components[i].Contribution, other[i].Contribution);
                    }

                    break;
                case ImmutableArray<string> flags:
                    Assert.Equal(flags.ToArray(), ((ImmutableArray<string>)a!).ToArray());
                    break;
                case ImmutableArray<NotMeaningful> notMeaningful:
                    Assert.Equal(notMeaningful.ToArray(), ((ImmutableArray<NotMeaningful>)a!).ToArray());
                    break;
                case MertonResult or null when property.PropertyType == typeof(MertonResult):
                    SameMerton((MertonResult?)e, (MertonResult?)a, sameMertonIterations);
                    break;
                case int or bool or DateOnly or Band or AltmanZone or null:
                    Assert.True(Equals(e, a), $"{name}: expected {e}, actual {a}");
                    break;
                default:
                    Assert.Fail($"{name}: no comparison for {property.PropertyType}; extend {nameof(Equivalence)}");
                    break;
            }
        }
    }

    public static void SameMerton(MertonResult? expected, MertonResult? actual, bool sameIterations = true)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is null || actual is null)
        {
            return;
        }

        Assert.Equal(expected.Converged, actual.Converged);
        Close("Merton.DistanceToDefault", expected.DistanceToDefault, actual.DistanceToDefault);
        Close("Merton.DefaultProbability", expected.DefaultProbability, actual.DefaultProbability);
        Close("Merton.AssetValue", expected.AssetValue, actual.AssetValue);
        Close("Merton.AssetVolatility", expected.AssetVolatility, actual.AssetVolatility);
        if (sameIterations)
        {
            Assert.Equal(expected.Iterations, actual.Iterations);
        }
    }

    public static void Close(string name, double? expected, double? actual)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{name}: expected {expected}, actual {actual}");
        if (expected is { } e && actual is { } a)
        {
            double tolerance = (Relative * Math.Max(Math.Abs(e), Math.Abs(a))) + Absolute;
            Assert.True(Math.Abs(e - a) <= tolerance, $"{name}: expected {e:R}, actual {a:R}");
        }
    }

    private static void SameLength(string name, int expected, int actual) =>
        Assert.True(expected == actual, $"{name}: expected {expected} entries, actual {actual}");
}

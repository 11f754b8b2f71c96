using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using RiskGrains.Grains;
using RiskGrains.Model;
using RiskGrains.Server.Grpc;

namespace RiskGrains.Server.Tests;

/// <summary>Nothing the model computes is lost on the way to a client.</summary>
public sealed class AssessmentMappingTests
{
    [Fact]
    public void Every_numeric_property_of_an_assessment_reaches_the_field_of_the_same_name_in_CompanyRisk()
    {
        // Each number gets a value no other has, so where it lands in the message identifies it.
        var values = new Dictionary<string, double>();
        var next = 1_000;
        double Unique(string name) => values[name] = next++;

        var assessment = new RiskAssessment();
        foreach (var property in typeof(RiskAssessment).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var type = property.PropertyType;
            object? value = type switch
            {
                _ when type == typeof(double) || type == typeof(double?) => Unique(property.Name),
                _ when type == typeof(int) || type == typeof(int?) => (int)Unique(property.Name),
                _ when type == typeof(ImmutableArray<double>) => ImmutableArray.Create(Unique(property.Name)),
                _ when type == typeof(MertonResult) => new MertonResult(
                    Unique("Merton.DistanceToDefault"), Unique("Merton.DefaultProbability"),
                    Unique("Merton.AssetValue"), Unique("Merton.AssetVolatility"), (int)Unique("Merton.Iterations"), Converged: true),
                _ when type == typeof(ImmutableArray<PdPoint>) => ImmutableArray.Create(new PdPoint(
                    Unique("PdTermStructure.Years"), Unique("PdTermStructure.DistanceToDefault"),
                    Unique("PdTermStructure.CumulativeDefaultProbability"), Unique("PdTermStructure.AnnualHazard"))),
                _ when type == typeof(ImmutableArray<DependencyContribution>) => ImmutableArray.Create(new DependencyContribution(
                    "B", Unique("Dependencies.RevenueShare"), Unique("Dependencies.CounterpartyScore"), Unique("Dependencies.Transmitted"), Unique("Dependencies.Contribution"))),
                _ when type == typeof(ImmutableArray<ComponentScore>) => ImmutableArray.Create(new ComponentScore(
                    "default", Unique("Components.Input"), Unique("Components.Points"), Unique("Components.Weight"), Unique("Components.Contribution"))),
                _ => null,
            };
            if (value is not null)
            {
                property.SetValue(assessment, value);
            }
        }

        var snapshot = new RiskSnapshot(
            "MSFT", 7, DateTimeOffset.UnixEpoch, new CompanyProfile("MSFT", "Microsoft", "Software", "USD"), assessment,
            ChangeCause.Market, "", MarketAsOf: null, "silo", "desk-1");
        var numbers = NumbersIn(ProtoMapping.ToProto(snapshot), "");

        Assert.True(values.Count > 45, $"only {values.Count} numeric properties found");
        foreach (var (name, value) in values)
        {
            var paths = numbers.Where(n => n.Value == value).Select(n => n.Path).ToList();
            var field = SnakeCase(name.Split('.')[^1]);
            Assert.True(paths.Count == 1, $"{name} ({value}) reaches {paths.Count} fields: {string.Join(", ", paths)}");
            Assert.True(paths[0].Split('.')[^1] == field, $"{name} reaches {paths[0]}, not a field named {field}");
        }
    }

    private static List<(string Path, double Value)> NumbersIn(IMessage message, string path)
    {
        var found = new List<(string, double)>();
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            var value = field.Accessor.GetValue(message);
            var items = field.IsRepeated ? ((System.Collections.IList)value).Cast<object>() : [value];
            foreach (var item in items)
            {
                switch (item)
                {
                    case IMessage nested:
                        found.AddRange(NumbersIn(nested, fieldPath));
                        break;
                    case double or int or long or ulong or uint when field.FieldType != FieldType.Enum:
                        found.Add((fieldPath, Convert.ToDouble(item, System.Globalization.CultureInfo.InvariantCulture)));
                        break;
                }
            }
        }

        return found;
    }

    /// <summary>LiquidityCoverage12M → liquidity_coverage_12m.</summary>
    private static string SnakeCase(string name)
    {
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var boundary = i > 0 && ((char.IsUpper(c) && char.IsLower(name[i - 1])) || (char.IsDigit(c) && char.IsLetter(name[i - 1])));
            text.Append(boundary ? "_" : "").Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}

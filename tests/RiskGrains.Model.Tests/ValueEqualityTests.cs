using System.Collections.Immutable;
using System.Reflection;

namespace RiskGrains.Model.Tests;

public class ValueEqualityTests
{
    private static readonly DateOnly End = new(2025, 12, 31);

    private static FinancialPeriod Period() => new()
    {
        PeriodEnd = End,
        Cash = 100,
        Revenue = 50,
        DebtMaturities = [new DatedAmount(End.AddYears(2), 30)],
        TotalAssets = 900,
        Source = "10-K",
    };

    private static Commitment Commitment() => new()
    {
        Id = "c1",
        Counterparty = "Foundry",
        Kind = CommitmentKind.Chips,
        Payments = [new DatedAmount(End.AddMonths(6), 40), new DatedAmount(End.AddMonths(18), 60)],
        Cancellable = true,
        CancellationPenalty = 0.3,
        Sunk = 10,
        SalvageFraction = 0.2,
        Source = "note 12",
    };

    [Fact]
    public void Periods_with_the_same_figures_in_different_arrays_are_equal()
    {
        var a = Period();
        var b = Period() with { DebtMaturities = [.. a.DebtMaturities] };

        Assert.False(a.DebtMaturities == b.DebtMaturities);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Commitments_with_the_same_terms_in_different_arrays_are_equal()
    {
        var a = Commitment();
        var b = Commitment() with { Payments = [.. a.Payments] };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Default_and_empty_schedules_are_equal()
    {
        Assert.Equal(Period() with { DebtMaturities = default }, Period() with { DebtMaturities = [] });
        Assert.Equal(Commitment() with { Payments = default }, Commitment() with { Payments = [] });
    }

    public static TheoryData<string> PeriodProperties() => [.. PropertiesOf<FinancialPeriod>()];

    public static TheoryData<string> CommitmentProperties() => [.. PropertiesOf<Commitment>()];

    [Theory]
    [MemberData(nameof(PeriodProperties))]
    public void A_period_differing_in_any_one_property_is_not_equal(string property)
    {
        var a = Period();
        var b = WithChanged(a, property);

        Assert.NotEqual(a, b);
    }

    [Theory]
    [MemberData(nameof(CommitmentProperties))]
    public void A_commitment_differing_in_any_one_property_is_not_equal(string property)
    {
        var a = Commitment();
        var b = WithChanged(a, property);

        Assert.NotEqual(a, b);
    }

    private static IEnumerable<string> PropertiesOf<T>() =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name != "EqualityContract")
            .Select(p => p.Name);

    /// <summary>A copy of <paramref name="value"/> with one property set to a different value of its type.</summary>
    private static T WithChanged<T>(T value, string property)
        where T : class
    {
        var clone = (T)typeof(T).GetMethod("<Clone>$")!.Invoke(value, null)!;
        var info = typeof(T).GetProperty(property)!;
        info.SetValue(clone, Different(info.PropertyType, info.GetValue(value)));
        return clone;
    }

    private static object? Different(Type type, object? current) => current switch
    {
        double d => d + 1,
        int i => i == 12 ? 1 : i + 1,
        bool b => !b,
        string s => s + "x",
        DateOnly date => date.AddDays(-1),
        CommitmentKind kind => kind == CommitmentKind.Power ? CommitmentKind.Other : kind + 1,
        ImmutableArray<DatedAmount> schedule => schedule.Add(new DatedAmount(End.AddYears(5), 1)),
        null when type == typeof(double?) => 1.0,
        _ => throw new NotSupportedException($"no different value for {type.Name}"),
    };
}

using FsCheck.Fluent;

namespace RiskGrains.Model.Tests;

/// <summary>Payments as day offsets from t0, so one draw fits any company.</summary>
public sealed record NewCommitment(int[] DaysAfterT0, double[] Amounts, double Sunk)
{
    public Commitment ToCommitment(DateOnly t0) => new()
    {
        Id = "new",
        Payments = [.. DaysAfterT0.Select((d, i) => new DatedAmount(t0.AddDays(d), Amounts[i]))],
        Sunk = Sunk,
    };

    public override string ToString() => $"days [{string.Join(", ", DaysAfterT0)}], amounts [{string.Join(", ", Amounts)}], sunk {Sunk}";
}

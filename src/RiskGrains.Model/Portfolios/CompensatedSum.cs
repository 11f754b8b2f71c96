namespace RiskGrains.Model;

/// <summary>
/// A running sum that keeps the low-order bits a plain sum loses (Neumaier): a portfolio's totals
/// take thousands of member updates, each a subtraction of the old figure and an addition of the new.
/// </summary>
internal struct CompensatedSum
{
    private double _sum;
    private double _compensation;

    public readonly double Value => _sum + _compensation;

    public void Add(double value)
    {
        double t = _sum + value;
        _compensation += Math.Abs(_sum) >= Math.Abs(value) ? (_sum - t) + value : (value - t) + _sum;
        _sum = t;
    }
}

namespace RiskGrains.Model;

/// <summary>One position of a portfolio (docs/risk-model.md §7): the exposure at default and the loss given default.</summary>
public readonly record struct Position(string CompanyId, double Exposure, double Lgd)
{
    /// <summary>The Basel foundation IRB loss given default of senior unsecured claims, used when none is given.</summary>
    public const double DefaultLgd = 0.45;
}

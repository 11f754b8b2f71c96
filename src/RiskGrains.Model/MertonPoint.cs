namespace RiskGrains.Model;

/// <summary>One iterate of the scaled Merton solve: (V/E, σV), its residuals and N(d1), φ(d1), d2 there.</summary>
internal readonly struct MertonPoint(double v, double s, double r1, double r2, double nd1, double bigNd1, double d2)
{
    public readonly double V = v;
    public readonly double S = s;
    public readonly double R1 = r1;
    public readonly double R2 = r2;
    public readonly double Nd1 = nd1;
    public readonly double BigNd1 = bigNd1;
    public readonly double D2 = d2;

    public double Norm => Math.Max(Math.Abs(R1), Math.Abs(R2));
}

using System.Runtime.CompilerServices;

namespace RiskGrains.Model;

/// <summary>A fixed-capacity stack buffer for the not-meaningful metrics of one assessment.</summary>
[InlineArray(Capacity)]
internal struct NotMeaningfulBuffer
{
    public const int Capacity = 10;

    private NotMeaningful _element;
}

namespace RiskGrains.Grains;

/// <summary>What a tick's version needs stored before or after it is acknowledged.</summary>
public enum Reservation
{
    /// <summary>A stored ceiling already covers it and the next few ticks: the market state is saved in the background.</summary>
    Covered,

    /// <summary>It is covered, but the ceiling is near: the next block is stored now, in the background.</summary>
    InBackground,

    /// <summary>No stored ceiling covers it: the block must be stored before the tick is acknowledged.</summary>
    BeforeAcknowledging,
}

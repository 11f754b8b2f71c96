namespace RiskGrains.Model;

/// <summary>Flags as bits, in the order of <see cref="RiskFlags"/>, so the hot path does not build lists.</summary>
[Flags]
internal enum FlagSet
{
    None = 0,
    NoFinancialPeriods = 1 << 0,
    PartialTtm = 1 << 1,
    LiquidityNotPositive = 1 << 2,
    EbitdaNotPositive = 1 << 3,
    InterestExpenseNotPositive = 1 << 4,
    NoUses = 1 << 5,
    RunwayCapped = 1 << 6,
    NoMarketData = 1 << 7,
    NoDefaultPoint = 1 << 8,
    MertonNotConverged = 1 << 9,
    Informational = 1 << 10,
}

using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace RiskGrains.Model;

/// <summary>The flags an assessment can carry (docs/risk-model.md §2, §3), in the order they are reported.</summary>
public static class RiskFlags
{
    public const string NoFinancialPeriods = "no_financial_periods";
    public const string PartialTtm = "partial_ttm";
    public const string LiquidityNotPositive = "liquidity_not_positive";
    public const string EbitdaNotPositive = "ebitda_ttm_not_positive";
    public const string InterestExpenseNotPositive = "interest_expense_ttm_not_positive";
    public const string NoUses = "no_uses";
    public const string RunwayCapped = "runway_capped";
    public const string NoMarketData = "no_market_data";
    public const string NoDefaultPoint = "no_default_point";
    public const string MertonNotConverged = "merton_not_converged";
    public const string Informational = "informational";

    private static readonly string[] Names =
    [
        NoFinancialPeriods,
        PartialTtm,
        LiquidityNotPositive,
        EbitdaNotPositive,
        InterestExpenseNotPositive,
        NoUses,
        RunwayCapped,
        NoMarketData,
        NoDefaultPoint,
        MertonNotConverged,
        Informational,
    ];

    internal static ImmutableArray<string> ToArray(FlagSet set)
    {
        int bits = (int)set;
        if (bits == 0)
        {
            return [];
        }

        var names = new string[int.PopCount(bits)];
        int n = 0;
        for (int i = 0; i < Names.Length; i++)
        {
            if ((bits & (1 << i)) != 0)
            {
                names[n++] = Names[i];
            }
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(names);
    }
}

using System.Collections.Immutable;

namespace RiskGrains.Filings.Sec;

/// <summary>
/// One family of purchase-obligation concepts: a total and the amounts due in each of the five years after
/// the balance-sheet date and after the fifth (docs/import.md, commitments).
/// </summary>
/// <param name="Years">Years 1 to 5, each a list of concepts in order of preference.</param>
internal sealed record ObligationLadder(
    string Name,
    string Total,
    ImmutableArray<ImmutableArray<string>> Years,
    ImmutableArray<string> AfterFifthYear)
{
    public static readonly ObligationLadder PurchaseObligation = new(
        "PurchaseObligation",
        "PurchaseObligation",
        [
            ["PurchaseObligationDueInNextTwelveMonths"],
            ["PurchaseObligationDueInSecondYear"],
            ["PurchaseObligationDueInThirdYear"],
            ["PurchaseObligationDueInFourthYear"],
            ["PurchaseObligationDueInFifthYear"],
        ],
        ["PurchaseObligationDueAfterFifthYear"]);

    /// <summary>The older concepts, in both of their spellings (due within N years, balance on the Nth anniversary).</summary>
    public static readonly ObligationLadder Unrecorded = new(
        "UnrecordedUnconditionalPurchaseObligation",
        "UnrecordedUnconditionalPurchaseObligationBalanceSheetAmount",
        [
            ["UnrecordedUnconditionalPurchaseObligationDueWithinOneYear", "UnrecordedUnconditionalPurchaseObligationBalanceOnFirstAnniversary"],
            ["UnrecordedUnconditionalPurchaseObligationDueWithinTwoYears", "UnrecordedUnconditionalPurchaseObligationBalanceOnSecondAnniversary"],
            ["UnrecordedUnconditionalPurchaseObligationDueWithinThreeYears", "UnrecordedUnconditionalPurchaseObligationBalanceOnThirdAnniversary"],
            ["UnrecordedUnconditionalPurchaseObligationDueWithinFourYears", "UnrecordedUnconditionalPurchaseObligationBalanceOnFourthAnniversary"],
            ["UnrecordedUnconditionalPurchaseObligationDueWithinFiveYears", "UnrecordedUnconditionalPurchaseObligationBalanceOnFifthAnniversary"],
        ],
        ["UnrecordedUnconditionalPurchaseObligationDueAfterFiveYears"]);

    /// <summary>The families in order of preference: the newer concepts first.</summary>
    public static readonly ImmutableArray<ObligationLadder> All = [PurchaseObligation, Unrecorded];

    /// <summary>The buckets in order: years 1 to 5, then after the fifth.</summary>
    public IEnumerable<ImmutableArray<string>> Buckets => Years.Append(AfterFifthYear);

    /// <summary>Every concept of the family.</summary>
    public IEnumerable<string> Concepts => Buckets.SelectMany(b => b).Prepend(Total);
}

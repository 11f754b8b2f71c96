using System.Collections.Immutable;

namespace RiskGrains.Filings.Sec;

/// <summary>
/// The us-gaap concepts each model field is read from, in order (docs/import.md, mapping: the table there
/// is this one, and a test holds them together). The definitions are those of the sample data
/// (data/sample/README.md): debt excludes leases, leases are current plus non-current, capex is gross.
/// </summary>
internal static class SecConceptMap
{
    public static readonly ImmutableArray<ConceptRule> Rules =
    [
        Stock(ModelField.Cash, One("cash and cash equivalents",
            "CashAndCashEquivalentsAtCarryingValue", "Cash", "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents")),

        Stock(ModelField.ShortTermInvestments, One("short-term investments",
            "ShortTermInvestments", "MarketableSecuritiesCurrent", "AvailableForSaleSecuritiesDebtSecuritiesCurrent")),

        // A total where the filer tags one; else commercial paper (or other short-term borrowings) plus
        // the current portion of long-term debt. Leases are not debt here: they have fields of their own.
        Stock(ModelField.ShortTermDebt,
            One("current debt", "DebtCurrent"),
            Sum(
                Part("commercial paper", PartRole.Optional, "CommercialPaper", "ShortTermBorrowings"),
                Part("current portion of long-term debt", PartRole.Optional,
                    "LongTermDebtCurrent", "ConvertibleDebtCurrent", "ConvertibleNotesPayableCurrent", "SeniorNotesCurrent", "NotesPayableCurrent"))),

        Stock(ModelField.LongTermDebt, One("non-current long-term debt",
            "LongTermDebtNoncurrent", "ConvertibleDebtNoncurrent", "ConvertibleLongTermNotesPayable", "SeniorLongTermNotes", "LongTermNotesPayable")),

        // The balance-sheet lines, present in every filing; the lease note's total only where they are not.
        Stock(ModelField.OperatingLeaseLiabilities,
            Sum(
                Part("current operating lease liabilities", PartRole.Expected, "OperatingLeaseLiabilityCurrent"),
                Part("non-current operating lease liabilities", PartRole.Expected, "OperatingLeaseLiabilityNoncurrent")),
            One("operating lease liabilities", "OperatingLeaseLiability")),

        Stock(ModelField.FinanceLeaseLiabilities,
            Sum(
                Part("current finance lease liabilities", PartRole.Expected, "FinanceLeaseLiabilityCurrent"),
                Part("non-current finance lease liabilities", PartRole.Expected, "FinanceLeaseLiabilityNoncurrent")),
            One("finance lease liabilities", "FinanceLeaseLiability")),

        Stock(ModelField.UndrawnCreditFacilities, One("remaining borrowing capacity",
            "LineOfCreditFacilityRemainingBorrowingCapacity")),

        Flow(ModelField.Revenue, One("revenue",
            "Revenues", "RevenueFromContractWithCustomerExcludingAssessedTax", "RevenueFromContractWithCustomerIncludingAssessedTax", "SalesRevenueNet")),

        // XBRL has no EBITDA: operating income plus the cash-flow statement's depreciation and amortization.
        Flow(ModelField.Ebitda, Sum(
            Part("operating income", PartRole.Required, "OperatingIncomeLoss"),
            Part("depreciation and amortization", PartRole.Expected,
                "DepreciationDepletionAndAmortization", "DepreciationAmortizationAndAccretionNet", "DepreciationAndAmortization"))),

        Flow(ModelField.OperatingCashFlow, One("operating cash flow",
            "NetCashProvidedByUsedInOperatingActivities", "NetCashProvidedByUsedInOperatingActivitiesContinuingOperations")),

        // Gross purchases of property and equipment, plus software capitalised: both are capital
        // spending the company could stop (docs/risk-model.md §2.2), and for a software company the second is not small.
        Flow(ModelField.Capex, Sum(
            Part("purchases of property and equipment", PartRole.Expected,
                "PaymentsToAcquirePropertyPlantAndEquipment", "PaymentsToAcquireProductiveAssets"),
            Part("capitalized software", PartRole.Optional, "PaymentsToDevelopSoftware"))),

        Flow(ModelField.InterestExpense, One("interest expense",
            "InterestExpense", "InterestExpenseNonoperating", "InterestExpenseDebt", "InterestAndDebtExpense")),

        Flow(ModelField.ShareholderReturns, Sum(
            Part("share repurchases", PartRole.Optional, "PaymentsForRepurchaseOfCommonStock"),
            Part("dividends paid", PartRole.Optional, "PaymentsOfDividends", "PaymentsOfDividendsCommonStock"))),

        Stock(ModelField.TotalAssets, One("total assets", "Assets")),

        // Many filers tag no total liabilities: liabilities and equity less equity then stands in for it.
        Stock(ModelField.TotalLiabilities,
            One("total liabilities", "Liabilities"),
            Sum(
                Part("liabilities and equity", PartRole.Required, "LiabilitiesAndStockholdersEquity"),
                Part("equity", PartRole.Required, -1,
                    "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest", "StockholdersEquity"))),

        Stock(ModelField.CurrentAssets, One("current assets", "AssetsCurrent")),
        Stock(ModelField.CurrentLiabilities, One("current liabilities", "LiabilitiesCurrent")),
        Stock(ModelField.RetainedEarnings, One("retained earnings", "RetainedEarningsAccumulatedDeficit")),
        Flow(ModelField.Ebit, One("operating income", "OperatingIncomeLoss")),
    ];

    /// <summary>Every concept the periods may read.</summary>
    public static IEnumerable<string> Concepts => Rules.SelectMany(r => r.Concepts).Distinct();

    /// <summary>The flow concepts: their periods make the fiscal calendar.</summary>
    public static IEnumerable<string> FlowConcepts => Rules.Where(r => r.IsFlow).SelectMany(r => r.Concepts).Distinct();

    private static ConceptRule Stock(ModelField field, params ConceptAlternative[] alternatives) => new(field, IsFlow: false, [.. alternatives]);

    private static ConceptRule Flow(ModelField field, params ConceptAlternative[] alternatives) => new(field, IsFlow: true, [.. alternatives]);

    private static ConceptAlternative One(string name, params string[] concepts) => new([new ConceptPart(name, [.. concepts], PartRole.Required)]);

    private static ConceptAlternative Sum(params ConceptPart[] parts) => new([.. parts]);

    private static ConceptPart Part(string name, PartRole role, params string[] concepts) => new(name, [.. concepts], role);

    private static ConceptPart Part(string name, PartRole role, int sign, params string[] concepts) => new(name, [.. concepts], role, sign);
}

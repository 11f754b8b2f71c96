using System.Collections.Immutable;
using RiskGrains.Model;

namespace RiskGrains.Filings.Sec;

/// <summary>The financial period made from one fiscal quarter, with what each field was read from.</summary>
internal sealed record SecQuarter(FiscalQuarter Quarter, FinancialPeriod Period, ImmutableArray<FieldOutcome> Outcomes);

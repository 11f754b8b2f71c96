using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.LoadTest;

/// <summary>One sample company: profile, periods and commitments as contract messages.</summary>
internal sealed record SampleCompany(V1.CompanyProfile Profile, IReadOnlyList<V1.FinancialPeriod> Periods, IReadOnlyList<V1.Commitment> Commitments);

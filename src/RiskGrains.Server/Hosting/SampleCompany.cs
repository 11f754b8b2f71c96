using System.Collections.Immutable;
using RiskGrains.Model;

namespace RiskGrains.Server.Hosting;

/// <summary>One company of the sample file: what the loader writes for it, its market state last.</summary>
internal sealed record SampleCompany(CompanyProfile Profile, ImmutableArray<FinancialPeriod> Periods, ImmutableArray<Commitment> Commitments, SampleMarket? Market = null);

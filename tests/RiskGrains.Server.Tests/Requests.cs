using Google.Protobuf.WellKnownTypes;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>Well-formed requests to start from; each test breaks the field it is about.</summary>
internal static class Requests
{
    public static string NewCompanyId(string prefix = "T") => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public static UpsertCompanyRequest Company(string id) => new()
    {
        Profile = new CompanyProfile { CompanyId = id, Name = $"Company {id}", Sector = "Technology", Currency = "USD" },
    };

    public static FinancialPeriod Period(int year, int month, int day, int months = 12) => new()
    {
        PeriodEnd = new Date { Year = year, Month = month, Day = day },
        PeriodMonths = months,
        Cash = 100,
        ShortTermInvestments = 20,
        ShortTermDebt = 30,
        LongTermDebt = 200,
        OperatingLeaseLiabilities = 40,
        FinanceLeaseLiabilities = 10,
        Revenue = 500,
        Ebitda = 120,
        OperatingCashFlow = 90,
        Capex = 60,
        InterestExpense = 12,
    };

    public static ReportFinancialsRequest Financials(string id, params FinancialPeriod[] periods)
    {
        var request = new ReportFinancialsRequest { CompanyId = id };
        request.Periods.Add(periods.Length == 0 ? [Period(2025, 6, 30)] : periods);
        return request;
    }

    public static UpsertCommitmentRequest Commitment(string id, string commitmentId = "dc-1", double amount = 10) => new()
    {
        CompanyId = id,
        Commitment = new Commitment
        {
            CommitmentId = commitmentId,
            Counterparty = "builder",
            Kind = CommitmentKind.DataCenter,
            Payments =
            {
                new Payment { DueDate = new Date { Year = 2025, Month = 12, Day = 31 }, Amount = amount },
                new Payment { DueDate = new Date { Year = 2026, Month = 12, Day = 31 }, Amount = amount },
            },
        },
    };

    public static PublishMarketDataRequest Tick(string id, DateTimeOffset asOf, double marketCap = 1000) => new()
    {
        MarketData = new MarketData
        {
            CompanyId = id,
            MarketCap = marketCap,
            EquityVolatility = 0.3,
            RiskFreeRate = 0.04,
            AsOf = Timestamp.FromDateTimeOffset(asOf),
        },
    };

    /// <summary>Creates a company with one period and one commitment; returns its version.</summary>
    public static async Task<ulong> CreateAsync(RiskService.RiskServiceClient client, string id)
    {
        await client.UpsertCompanyAsync(Company(id));
        await client.ReportFinancialsAsync(Financials(id));
        var response = await client.UpsertCommitmentAsync(Commitment(id));
        return response.Version;
    }
}

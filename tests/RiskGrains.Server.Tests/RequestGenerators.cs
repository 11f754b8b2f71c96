using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf.WellKnownTypes;
using RiskGrains.Contract.V1;
using RiskGrains.Model;
using CompanyProfile = RiskGrains.Contract.V1.CompanyProfile;

namespace RiskGrains.Server.Tests;

/// <summary>
/// Requests as a client might send them: each field drawn either within what the service takes, out to
/// its very bounds (so that accepted requests reach the extremes the model must survive), or from
/// anything at all (NaN, infinities, 1e308, subnormals, control characters, lone surrogates, impossible
/// and far dates, lists past their bounds). A request is plausible throughout three times out of four,
/// so that many are accepted; else each of its fields is wild one time in four.
/// </summary>
internal static class RequestGenerators
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private static readonly double[] WildNumbers =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.MinValue, 1e308, -1e308,
        double.Epsilon, -double.Epsilon, 1e-300, 5e-7, -5e-7, 0.0, -0.0, 1e15 * (1 + 1e-15), 2e15, -2e15, 32, 4.3, -1, 1e-6, 1e15,
    ];

    private static readonly string[] WildTexts =
    [
        "", " ", "\0", "a\0b", "line\nbreak", "tab\there", "\u0085", "\u2028", "\u001b[31mred", "\ud800", "x\udc00y",
        new string('x', 65), new string('é', 201), new string('s', 501), new string('n', 10_000), "bad id", "a/b",
    ];

    private static readonly string[] PlainTexts =
    [
        "", "Acme", "Société Générale", "株式会社", "Ελλάδα 🚀", "10-K 2025, p. 42", new string('€', 100), new string('x', 200),
    ];

    /// <summary>Three times in four a request is plausible throughout.</summary>
    public static Gen<bool> Wild => Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)));

    public static Gen<IngestItem> Item =>
        from wild in Wild
        from kind in Gen.Choose(0, 5)
        from item in kind switch
        {
            0 => Company(wild).Select(r => new IngestItem { UpsertCompany = r }),
            1 => Financials(wild).Select(r => new IngestItem { ReportFinancials = r }),
            2 => Commitment(wild).Select(r => new IngestItem { UpsertCommitment = r }),
            3 => Removal(wild).Select(r => new IngestItem { RemoveCommitment = r }),
            4 => Tick(wild).Select(r => new IngestItem { PublishMarketData = r }),
            _ => Gen.Constant(new IngestItem()),
        }
        select item;

    public static Gen<FuzzedCompany> FuzzedCompany =>
        from wild in Wild
        from profile in Company(wild)
        from financials in Financials(wild)
        from count in Gen.Choose(0, 4)
        from commitments in Gen.ArrayOf(Commitment(wild), count)
        from tick in Tick(wild)
        from scenario in Scenario(wild)
        select new FuzzedCompany(profile, financials, commitments, tick, scenario);

    public static Gen<UpsertCompanyRequest> Company(bool wild) =>
        from id in Id(wild)
        from name in Text(wild)
        from sector in Text(wild)
        from currency in Field(wild, Gen.Elements("USD", "EUR", "JPY"), Gen.Elements("usd", "US", "", "DOLLARS", "\0\0\0"))
        select new UpsertCompanyRequest { Profile = new CompanyProfile { CompanyId = id, Name = name, Sector = sector, Currency = currency } };

    public static Gen<ReportFinancialsRequest> Financials(bool wild) =>
        from id in Id(wild)
        from count in Field(wild, Gen.Choose(1, 10), Gen.Elements(0, 101))
        from periods in Gen.ArrayOf(Period(wild), count)
        from spacing in Gen.ArrayOf(Gen.Choose(1, 400), count)
        from ends in Gen.ArrayOf(Field(wild, Gen.Constant<(bool, Date?)>((false, null)), WildDate.Select(d => (true, d))), count)
        select Financials(id, periods, spacing, ends);

    public static Gen<UpsertCommitmentRequest> Commitment(bool wild) =>
        from companyId in Id(wild)
        from id in Id(wild)
        from counterparty in Text(wild)
        from source in Text(wild)
        from kind in Field(wild, Gen.Choose(0, 5), Gen.Choose(6, 100))
        from count in Field(wild, Gen.Choose(0, 6), Gen.Elements(0, 241))
        from payments in Gen.ArrayOf(Dated(wild, (d, a) => new Payment { DueDate = d, Amount = a }), count)
        from cancellable in Gen.Elements(true, false)
        from penalty in Field(wild, Fraction, WildNumber)
        from sunk in NonNegativeMoney(wild)
        from salvage in Field(wild, Fraction, WildNumber)
        select new UpsertCommitmentRequest
        {
            CompanyId = companyId,
            Commitment = new Contract.V1.Commitment
            {
                CommitmentId = id,
                Counterparty = counterparty,
                Source = source,
                Kind = (Contract.V1.CommitmentKind)kind,
                Payments = { payments },
                Cancellable = cancellable,
                CancellationPenalty = penalty,
                Sunk = sunk,
                SalvageFraction = salvage,
            },
        };

    public static Gen<RemoveCommitmentRequest> Removal(bool wild) =>
        from companyId in Id(wild)
        from id in Id(wild)
        select new RemoveCommitmentRequest { CompanyId = companyId, CommitmentId = id };

    public static Gen<PublishMarketDataRequest> Tick(bool wild) =>
        from id in Id(wild)
        from cap in Field(wild, LogUniform(-6, 15), WildNumber)
        from volatility in Field(wild, Gen.Frequency((1, Gen.Elements(0.001, 5.0)), (4, LogUniform(-3, 0.69))), WildNumber)
        from rate in Field(wild, Between(-0.1, 1), WildNumber)
        from hasDrift in Gen.Elements(true, false)
        from drift in Field(wild, Between(-1, 3), WildNumber)
        from asOf in Field(wild, PlausibleTime, WildTime)
        select Tick(id, cap, volatility, rate, hasDrift ? drift : null, asOf);

    public static Gen<RunScenarioRequest> Scenario(bool wild) =>
        from preset in Gen.Elements(Model.ScenarioShocks.PresetNames.ToArray())
        from usePreset in Gen.Elements(true, false)
        from equity in Field(wild, Between(-0.99, 10), WildNumber)
        from multiplier in Field(wild, Between(0.1, 10), WildNumber)
        from rate in Field(wild, Between(-10_000, 10_000), WildNumber)
        from spread in Field(wild, Between(-10_000, 10_000), WildNumber)
        from haircuts in Gen.ArrayOf(Field(wild, Fraction, WildNumber), 3)
        from closed in Gen.Elements(true, false)
        select usePreset
            ? new RunScenarioRequest { CompanyIds = { "FUZZ" }, Preset = preset }
            : new RunScenarioRequest
            {
                CompanyIds = { "FUZZ" },
                Shocks = new Contract.V1.ScenarioShocks
                {
                    EquityShock = equity,
                    VolatilityMultiplier = multiplier,
                    RateShockBps = rate,
                    SpreadShockBps = spread,
                    OcfHaircut = haircuts[0],
                    EbitdaHaircut = haircuts[1],
                    CommitmentAcceleration = haircuts[2],
                    CreditWindowClosed = closed,
                },
            };

    private static Gen<Contract.V1.FinancialPeriod> Period(bool wild) =>
        from stocks in Gen.ArrayOf(NonNegativeMoney(wild), 7)
        from flows in Gen.ArrayOf(SignedMoney(wild), 2)
        from outflows in Gen.ArrayOf(NonNegativeMoney(wild), 4)
        from altman in Gen.ArrayOf(PositiveMoney(wild), 2)
        from current in Gen.ArrayOf(NonNegativeMoney(wild), 2)
        from earnings in Gen.ArrayOf(SignedMoney(wild), 2)
        from withAltman in Gen.Elements(true, false)
        from months in Field(wild, Gen.Elements(0, 1, 3, 6, 12), Gen.Elements(-1, 13, 1_000))
        from count in Field(wild, Gen.Choose(0, 3), Gen.Elements(0, 201))
        from maturities in Gen.ArrayOf(Dated(wild, (d, a) => new DebtMaturity { MaturityDate = d, Amount = a }), count)
        from source in Text(wild)
        select Period(stocks, flows, outflows, withAltman ? [.. altman, .. current, .. earnings] : null, months, maturities, source);

    private static Contract.V1.FinancialPeriod Period(
        double[] stocks, double[] flows, double[] outflows, double[]? altman, int months, DebtMaturity[] maturities, string source)
    {
        var period = new Contract.V1.FinancialPeriod
        {
            PeriodMonths = months,
            Cash = stocks[0],
            ShortTermInvestments = stocks[1],
            ShortTermDebt = stocks[2],
            LongTermDebt = stocks[3],
            OperatingLeaseLiabilities = stocks[4],
            FinanceLeaseLiabilities = stocks[5],
            UndrawnCreditFacilities = stocks[6],
            Ebitda = flows[0],
            OperatingCashFlow = flows[1],
            Revenue = outflows[0],
            Capex = outflows[1],
            InterestExpense = outflows[2],
            ShareholderReturns = outflows[3],
            DebtMaturities = { maturities },
            Source = source,
        };
        if (altman is not null)
        {
            period.TotalAssets = altman[0];
            period.TotalLiabilities = altman[1];
            period.CurrentAssets = altman[2];
            period.CurrentLiabilities = altman[3];
            period.RetainedEarnings = altman[4];
            period.Ebit = altman[5];
        }

        return period;
    }

    // Period ends stepping back from at most a year ahead, so that most requests name each end once;
    // a wild end replaces the stepped one.
    private static ReportFinancialsRequest Financials(string id, Contract.V1.FinancialPeriod[] periods, int[] spacing, (bool Wild, Date? Date)[] ends)
    {
        var end = InputRules.PeriodEndRange(Today).Latest.AddDays(1 - spacing.FirstOrDefault());
        for (var i = 0; i < periods.Length; i++)
        {
            periods[i].PeriodEnd = ends[i].Wild ? ends[i].Date : new Date { Year = end.Year, Month = end.Month, Day = end.Day };
            end = end.AddDays(-spacing[i]);
        }

        return new ReportFinancialsRequest { CompanyId = id, Periods = { periods } };
    }

    private static PublishMarketDataRequest Tick(string id, double cap, double volatility, double rate, double? drift, Timestamp? asOf)
    {
        var market = new MarketData { CompanyId = id, MarketCap = cap, EquityVolatility = volatility, RiskFreeRate = rate, AsOf = asOf };
        if (drift is { } mu)
        {
            market.EquityReturn1Y = mu;
        }

        return new PublishMarketDataRequest { MarketData = market };
    }

    private static Gen<T> Dated<T>(bool wild, Func<Date?, double, T> make) =>
        from date in Field(wild, PlausibleDate(InputRules.ScheduleDateRange(Today)), WildDate)
        from amount in PositiveMoney(wild)
        select make(date, amount);

    /// <summary>The plausible value, or when <paramref name="wild"/> the wild one a time in four.</summary>
    private static Gen<T> Field<T>(bool wild, Gen<T> plausible, Gen<T> anything) =>
        wild ? Gen.Frequency((3, plausible), (1, anything)) : plausible;

    private static Gen<string> Id(bool wild) =>
        Field(wild, Gen.Frequency((4, Gen.Constant("FUZZ")), (1, Gen.Choose(0, 99).Select(i => $"c-{i}.x_{i}")), (1, Gen.Constant(new string('x', 64)))), Gen.Elements(WildTexts));

    private static Gen<string> Text(bool wild) => Field(wild, Gen.Elements(PlainTexts), Gen.Elements(WildTexts));

    private static Gen<double> WildNumber => Gen.Frequency(
        (3, Gen.Elements(WildNumbers)),
        (1, from exponent in Gen.Choose(-320, 308) from sign in Gen.Elements(1.0, -1.0) select sign * Math.Pow(10, exponent)));

    private static Gen<double> Fraction => Gen.Frequency((1, Gen.Elements(0.0, 1.0)), (3, Between(0, 1)));

    /// <summary>Money within the rules, out to 1e-6 and 1e15.</summary>
    private static Gen<double> PositiveMoney(bool wild) =>
        Field(wild, Gen.Frequency((1, Gen.Elements(NumberRule.MinMoney, NumberRule.MaxMoney)), (4, LogUniform(-6, 15))), WildNumber);

    private static Gen<double> NonNegativeMoney(bool wild) =>
        Field(wild, Gen.Frequency((1, Gen.Constant(0.0)), (4, PositiveMoney(wild: false))), WildNumber);

    private static Gen<double> SignedMoney(bool wild) =>
        Field(wild, from x in NonNegativeMoney(wild: false) from sign in Gen.Elements(1.0, -1.0) select sign * x, WildNumber);

    private static Gen<double> Between(double low, double high) =>
        Gen.Frequency((1, Gen.Elements(low, high)), (4, Gen.Choose(0, 1_000_000).Select(i => low + (i / 1e6 * (high - low)))));

    // 10^x for x uniform in [low, high], the bounds included.
    private static Gen<double> LogUniform(double low, double high) =>
        Between(low, high).Select(x => Math.Min(Math.Pow(10, x), Math.Pow(10, high)));

    private static Gen<Date?> PlausibleDate((DateOnly Earliest, DateOnly Latest) range) =>
        from day in Gen.Frequency(
            (1, Gen.Elements(range.Earliest.DayNumber, range.Latest.DayNumber, Today.DayNumber)),
            (4, Gen.Choose(range.Earliest.DayNumber, range.Latest.DayNumber)))
        let date = DateOnly.FromDayNumber(day)
        select (Date?)new Date { Year = date.Year, Month = date.Month, Day = date.Day };

    private static Gen<Date?> WildDate => Gen.Elements<Date?>(
        null,
        new Date(),
        new Date { Year = 2026, Month = 2, Day = 30 },
        new Date { Year = 2026, Month = 13, Day = 1 },
        new Date { Year = 9999, Month = 12, Day = 31 },
        new Date { Year = 1, Month = 1, Day = 1 },
        new Date { Year = 10_000, Month = 1, Day = 1 },
        new Date { Year = -5, Month = 1, Day = 1 },
        new Date { Year = int.MaxValue, Month = int.MinValue, Day = 0 });

    private static Gen<Timestamp?> PlausibleTime =>
        from secondsAgo in Gen.Choose(-240, 10 * 365 * 86_400)
        from nanos in Gen.Choose(0, 999_999_999)
        select (Timestamp?)new Timestamp { Seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - secondsAgo, Nanos = nanos };

    private static Gen<Timestamp?> WildTime => Gen.Elements<Timestamp?>(
        null,
        new Timestamp { Seconds = 32_503_680_000 },
        new Timestamp { Seconds = 253_402_300_799, Nanos = 999_999_999 },
        new Timestamp { Seconds = 253_402_300_800 },
        new Timestamp { Seconds = -62_135_596_801 },
        new Timestamp { Seconds = long.MaxValue, Nanos = -1 },
        Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(6)));
}

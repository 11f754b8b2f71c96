using System.Globalization;
using System.Text.Json;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.LoadTest;

/// <summary>
/// The five sample companies of data/sample/hyperscalers.json as contract messages: each load-test
/// company copies one of them (round-robin) under its own id.
/// </summary>
internal sealed class SampleFundamentals
{
    private const int MaxSourceLength = 200;

    private SampleFundamentals(IReadOnlyList<SampleCompany> companies, string path)
    {
        Companies = companies;
        Path = path;
    }

    public IReadOnlyList<SampleCompany> Companies { get; }

    public string Path { get; }

    /// <summary>Reads the sample from <paramref name="path"/>, or from the repository holding the executable.</summary>
    public static SampleFundamentals Load(string? path)
    {
        path ??= System.IO.Path.Combine(RepositoryRoot(), "data", "sample", "hyperscalers.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var companies = document.RootElement.GetProperty("companies").EnumerateArray().Select(ReadCompany).ToList();
        if (companies.Count == 0)
        {
            throw new InvalidDataException($"{path} holds no companies");
        }

        return new SampleFundamentals(companies, path);
    }

    /// <summary>The directory holding RiskGrains.sln, walking up from the executable, then from the working directory.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "RiskGrains.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException($"no RiskGrains.sln above {AppContext.BaseDirectory}; pass --sample PATH");
    }

    /// <summary>The writes that give company <paramref name="companyId"/> the fundamentals of sample company <paramref name="sampleIndex"/>.</summary>
    public IEnumerable<V1.IngestItem> SetupItems(string companyId, int sampleIndex)
    {
        var sample = Companies[sampleIndex % Companies.Count];
        var profile = sample.Profile.Clone();
        profile.CompanyId = companyId;
        profile.Name = $"{sample.Profile.Name} (load test {companyId})";
        yield return new V1.IngestItem { UpsertCompany = new V1.UpsertCompanyRequest { Profile = profile } };

        var financials = new V1.ReportFinancialsRequest { CompanyId = companyId };
        financials.Periods.Add(sample.Periods);
        yield return new V1.IngestItem { ReportFinancials = financials };

        foreach (var commitment in sample.Commitments)
        {
            yield return new V1.IngestItem { UpsertCommitment = new V1.UpsertCommitmentRequest { CompanyId = companyId, Commitment = commitment } };
        }
    }

    /// <summary>
    /// The scale scenario's company: 8 quarterly periods (2024-Q1 .. 2025-Q4) scaled from sample
    /// company <paramref name="sampleIndex"/>'s newest period, and 5 commitments of 12 quarterly
    /// payments each (2026-03-31 .. 2028-12-31), one of each kind.
    /// </summary>
    public IEnumerable<V1.IngestItem> QuarterlyItems(string companyId, int sampleIndex)
    {
        var sample = Companies[sampleIndex % Companies.Count];
        var newest = sample.Periods.MaxBy(p => (p.PeriodEnd.Year, p.PeriodEnd.Month, p.PeriodEnd.Day))
            ?? throw new InvalidDataException($"sample company {sample.Profile.CompanyId} has no period");
        var profile = sample.Profile.Clone();
        profile.CompanyId = companyId;
        profile.Name = $"{sample.Profile.Name} (load test {companyId})";
        yield return new V1.IngestItem { UpsertCompany = new V1.UpsertCompanyRequest { Profile = profile } };

        var financials = new V1.ReportFinancialsRequest { CompanyId = companyId };
        var quarterEnd = new DateOnly(2024, 3, 31);
        for (var q = 0; q < 8; q++, quarterEnd = EndOfMonth(quarterEnd.AddMonths(3)))
        {
            var growth = 0.86 + (0.02 * q);
            var stock = growth;

            // The sample's flows cover PeriodMonths (12 for every record); a quarter is 3 of them.
            var flow = growth * 3.0 / (newest.PeriodMonths is > 0 and <= 12 ? newest.PeriodMonths : 3);
            financials.Periods.Add(new V1.FinancialPeriod
            {
                PeriodEnd = new V1.Date { Year = quarterEnd.Year, Month = quarterEnd.Month, Day = quarterEnd.Day },
                PeriodMonths = 3,
                Cash = newest.Cash * stock,
                ShortTermInvestments = newest.ShortTermInvestments * stock,
                ShortTermDebt = newest.ShortTermDebt * stock,
                LongTermDebt = newest.LongTermDebt * stock,
                OperatingLeaseLiabilities = newest.OperatingLeaseLiabilities * stock,
                FinanceLeaseLiabilities = newest.FinanceLeaseLiabilities * stock,
                UndrawnCreditFacilities = newest.UndrawnCreditFacilities * stock,
                Revenue = newest.Revenue * flow,
                Ebitda = newest.Ebitda * flow,
                OperatingCashFlow = newest.OperatingCashFlow * flow,
                Capex = newest.Capex * flow,
                InterestExpense = newest.InterestExpense * flow,
                ShareholderReturns = newest.ShareholderReturns * flow,
                Source = $"load test: quarter {q + 1} of 8 scaled from {sample.Profile.CompanyId} {newest.PeriodEnd.Year}-{newest.PeriodEnd.Month:D2}-{newest.PeriodEnd.Day:D2}",
            });
        }

        yield return new V1.IngestItem { ReportFinancials = financials };

        V1.CommitmentKind[] kinds = [V1.CommitmentKind.Chips, V1.CommitmentKind.DataCenter, V1.CommitmentKind.LeaseNotCommenced, V1.CommitmentKind.Power, V1.CommitmentKind.Other];
        for (var k = 0; k < kinds.Length; k++)
        {
            var commitment = new V1.Commitment
            {
                CommitmentId = $"lt-{kinds[k].ToString().ToLowerInvariant()}-{k + 1}",
                Counterparty = "load test counterparty",
                Kind = kinds[k],
                Cancellable = kinds[k] == V1.CommitmentKind.Chips,
                CancellationPenalty = kinds[k] == V1.CommitmentKind.Chips ? 0.3 : 1,
                Source = "load test: 12 quarterly payments, total a share of the sample's annual capex",
            };
            var payment = Math.Max(1, newest.Capex * (0.1 + (0.05 * k)) / 12);
            var due = new DateOnly(2026, 3, 31);
            for (var i = 0; i < 12; i++, due = EndOfMonth(due.AddMonths(3)))
            {
                commitment.Payments.Add(new V1.Payment { DueDate = new V1.Date { Year = due.Year, Month = due.Month, Day = due.Day }, Amount = Math.Round(payment, 2) });
            }

            yield return new V1.IngestItem { UpsertCommitment = new V1.UpsertCommitmentRequest { CompanyId = companyId, Commitment = commitment } };
        }
    }

    private static DateOnly EndOfMonth(DateOnly d) => new(d.Year, d.Month, DateTime.DaysInMonth(d.Year, d.Month));

    // The sample's sources quote filings at length (up to 3,300 characters); a server with the default
    // RiskGrains:Limits:MaxSourceLength (500) refuses those, so the load test sends their beginning.
    private static string Shortened(string source) => source.Length <= MaxSourceLength ? source : source[..(MaxSourceLength - 1)] + "…";

    private static SampleCompany ReadCompany(JsonElement company)
    {
        var p = company.GetProperty("profile");
        var profile = new V1.CompanyProfile
        {
            CompanyId = p.GetProperty("id").GetString() ?? "",
            Name = p.GetProperty("name").GetString() ?? "",
            Sector = p.GetProperty("sector").GetString() ?? "",
            Currency = p.GetProperty("currency").GetString() ?? "",
        };
        var periods = company.GetProperty("periods").EnumerateArray().Select(ReadPeriod).ToList();
        var commitments = company.GetProperty("commitments").EnumerateArray().Select(ReadCommitment).ToList();
        return new SampleCompany(profile, periods, commitments);
    }

    private static V1.FinancialPeriod ReadPeriod(JsonElement e)
    {
        var period = new V1.FinancialPeriod
        {
            PeriodEnd = ReadDate(e.GetProperty("periodEnd")),
            PeriodMonths = Int(e, "periodMonths") ?? 0,
            Cash = Number(e, "cash") ?? 0,
            ShortTermInvestments = Number(e, "shortTermInvestments") ?? 0,
            ShortTermDebt = Number(e, "shortTermDebt") ?? 0,
            LongTermDebt = Number(e, "longTermDebt") ?? 0,
            OperatingLeaseLiabilities = Number(e, "operatingLeaseLiabilities") ?? 0,
            FinanceLeaseLiabilities = Number(e, "financeLeaseLiabilities") ?? 0,
            UndrawnCreditFacilities = Number(e, "undrawnCreditFacilities") ?? 0,
            Revenue = Number(e, "revenue") ?? 0,
            Ebitda = Number(e, "ebitda") ?? 0,
            OperatingCashFlow = Number(e, "operatingCashFlow") ?? 0,
            Capex = Number(e, "capex") ?? 0,
            InterestExpense = Number(e, "interestExpense") ?? 0,
            ShareholderReturns = Number(e, "shareholderReturns") ?? 0,
            Source = Shortened(e.TryGetProperty("source", out var source) ? source.GetString() ?? "" : ""),
        };
        if (e.TryGetProperty("debtMaturities", out var maturities))
        {
            foreach (var m in maturities.EnumerateArray())
            {
                period.DebtMaturities.Add(new V1.DebtMaturity { MaturityDate = ReadDate(m.GetProperty("maturityDate")), Amount = m.GetProperty("amount").GetDouble() });
            }
        }

        // The Altman Z'' inputs are optional in the contract; set only when the sample has them.
        if (Number(e, "totalAssets") is { } ta)
        {
            period.TotalAssets = ta;
        }

        if (Number(e, "totalLiabilities") is { } tl)
        {
            period.TotalLiabilities = tl;
        }

        if (Number(e, "currentAssets") is { } ca)
        {
            period.CurrentAssets = ca;
        }

        if (Number(e, "currentLiabilities") is { } cl)
        {
            period.CurrentLiabilities = cl;
        }

        if (Number(e, "retainedEarnings") is { } re)
        {
            period.RetainedEarnings = re;
        }

        if (Number(e, "ebit") is { } ebit)
        {
            period.Ebit = ebit;
        }

        return period;
    }

    private static V1.Commitment ReadCommitment(JsonElement e)
    {
        var commitment = new V1.Commitment
        {
            CommitmentId = e.GetProperty("id").GetString() ?? "",
            Counterparty = e.TryGetProperty("counterparty", out var cp) ? cp.GetString() ?? "" : "",
            Kind = (e.GetProperty("kind").GetString() ?? "") switch
            {
                "Chips" => V1.CommitmentKind.Chips,
                "DataCenter" => V1.CommitmentKind.DataCenter,
                "LeaseNotCommenced" => V1.CommitmentKind.LeaseNotCommenced,
                "Power" => V1.CommitmentKind.Power,
                "Other" => V1.CommitmentKind.Other,
                var other => throw new InvalidDataException($"unknown commitment kind '{other}'"),
            },
            Cancellable = e.TryGetProperty("cancellable", out var c) && c.GetBoolean(),
            CancellationPenalty = Number(e, "cancellationPenalty") ?? 0,
            Sunk = Number(e, "sunk") ?? 0,
            SalvageFraction = Number(e, "salvageFraction") ?? 0,
            Source = Shortened(e.TryGetProperty("source", out var source) ? source.GetString() ?? "" : ""),
        };
        foreach (var payment in e.GetProperty("payments").EnumerateArray())
        {
            commitment.Payments.Add(new V1.Payment { DueDate = ReadDate(payment.GetProperty("date")), Amount = payment.GetProperty("amount").GetDouble() });
        }

        return commitment;
    }

    private static V1.Date ReadDate(JsonElement e)
    {
        var date = DateOnly.ParseExact(e.GetString() ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new V1.Date { Year = date.Year, Month = date.Month, Day = date.Day };
    }

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
}

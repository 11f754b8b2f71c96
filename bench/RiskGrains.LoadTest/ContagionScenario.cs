using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.LoadTest;

/// <summary>
/// contagion: N companies tied by a random graph of revenue dependencies (docs/risk-model.md §6), each
/// resting on <see cref="CounterpartiesPerCompany"/> others for <see cref="RevenueShare"/> of its revenue
/// each, and on the first company, a hub, for <see cref="HubShare"/>; all watched on one WatchRisk stream.
/// After the set-up has settled, the hub is restated into distress; the cascade is every CONTAGION update
/// in that write's trace. Measures the time from the write
/// to the last update of the cascade (no update for <see cref="Quiet"/> after it), the companies it moved and
/// how fast their first updates came.
/// </summary>
internal static class ContagionScenario
{
    public const int CounterpartiesPerCompany = 3;
    public const double RevenueShare = 0.25;
    public const double HubShare = 0.1;
    private const int Seed = 20_261_130;

    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(10);

    public static async Task Run(RunContext run)
    {
        var o = run.Options;
        var client = run.Connections.Clients[0];
        if (!o.NoSetup)
        {
            // Dependencies are sent with their company, often before their counterparty exists: it is picked up when created.
            await ThroughputScenarios.SetupCompanies(run, "setup", o.Companies, (_, i) => Company(o, i));
        }

        var updates = Channel.CreateUnbounded<(V1.RiskUpdate Update, long At)>();
        using var watch = client.WatchRisk(new V1.WatchRiskRequest { CompanyIds = { run.CompanyIds } }, cancellationToken: run.Cancellation);
        _ = Task.Run(async () =>
        {
            try
            {
                while (await watch.ResponseStream.MoveNext(run.Cancellation))
                {
                    updates.Writer.TryWrite((watch.ResponseStream.Current.Update, Stopwatch.GetTimestamp()));
                }
            }
            finally
            {
                updates.Writer.TryComplete();
            }
        });

        // Each company's current state first, then whatever the set-up still moves.
        var settleStarted = Stopwatch.GetTimestamp();
        var settled = await UntilQuiet(updates.Reader, run.Cancellation);
        var versions = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var (update, _) in settled)
        {
            versions[update.Risk.CompanyId] = Math.Max(versions.GetValueOrDefault(update.Risk.CompanyId), update.Risk.Version);
        }

        run.Report["settle"] = new JsonObject
        {
            ["updates"] = settled.Count,
            ["companies"] = versions.Count,
            ["contagion_updates"] = settled.Count(u => u.Update.Cause == V1.ChangeCause.Contagion),
            ["seconds_to_quiet"] = Report.Round(Stopwatch.GetElapsedTime(settleStarted).TotalSeconds - Quiet.TotalSeconds, 2),
        };
        if (versions.Count != o.Companies)
        {
            throw new LoadTestException($"the watch sent {versions.Count} companies; expected {o.Companies}");
        }

        // The shock: the hub restates its period into distress.
        var root = run.CompanyIds[0];
        var sent = Stopwatch.GetTimestamp();
        var written = await client.ReportFinancialsAsync(new V1.ReportFinancialsRequest { CompanyId = root, Periods = { Period(0, distress: true) } }, cancellationToken: run.Cancellation);
        var cascade = await UntilQuiet(updates.Reader, run.Cancellation);
        var shock = cascade.FirstOrDefault(u => u.Update.Risk.CompanyId == root && u.Update.Risk.Version == written.Version).Update
            ?? throw new LoadTestException($"the watch never sent {root}'s version {written.Version}");
        var traceId = shock.TraceId;
        var hops = cascade.Where(u => u.Update.Cause == V1.ChangeCause.Contagion).ToList();
        var inTrace = hops.Where(u => u.Update.TraceId == traceId).ToList();
        var firstArrival = inTrace.GroupBy(u => u.Update.Risk.CompanyId).Select(g => Millis(sent, g.Min(u => u.At))).Order().ToList();
        var moved = inTrace.GroupBy(u => u.Update.Risk.CompanyId)
            .Select(g => g.MaxBy(u => u.Update.Risk.Version).Update.Risk.Score - Before(settled, g.Key))
            .Where(d => d is not null).Select(d => Math.Abs(d!.Value)).ToList();
        // The watch conflates: what it sent last of each company must be the company's version now.
        var last = cascade.Concat(settled).GroupBy(u => u.Update.Risk.CompanyId).ToDictionary(g => g.Key, g => g.Max(u => u.Update.Risk.Version));
        var behind = 0;
        await Parallel.ForEachAsync(run.CompanyIds, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = run.Cancellation }, async (id, token) =>
        {
            var now = (await client.GetRiskAsync(new V1.GetRiskRequest { CompanyId = id }, cancellationToken: token)).Risk.Version;
            if (now > last.GetValueOrDefault(id))
            {
                Interlocked.Increment(ref behind);
            }
        });
        run.Report["cascade"] = new JsonObject
        {
            ["companies_whose_last_version_the_watch_had_not_sent"] = behind,
            ["shocked"] = root,
            ["shocked_score"] = shock.Risk.HasScore ? Report.Round(shock.Risk.Score, 2) : null,
            ["write_ms"] = Report.Round(Millis(sent, cascade.Count > 0 ? cascade.Min(u => u.At) : sent), 2),
            ["trace_id"] = traceId,
            ["updates"] = inTrace.Count,
            ["contagion_updates_in_other_traces"] = hops.Count - inTrace.Count,
            ["companies_reached"] = firstArrival.Count,
            ["companies_moved_over_1_point"] = moved.Count(d => d > 1),
            ["largest_move_points"] = moved.Count > 0 ? Report.Round(moved.Max(), 2) : null,
            ["first_update_p50_ms"] = firstArrival.Count > 0 ? Report.Round(At(firstArrival, 0.5), 2) : null,
            ["first_update_p90_ms"] = firstArrival.Count > 0 ? Report.Round(At(firstArrival, 0.9), 2) : null,
            ["cascade_ms"] = inTrace.Count > 0 ? Report.Round(Millis(sent, inTrace.Max(u => u.At)), 2) : null,
            ["measured_at"] = DateTimeOffset.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        };
        Console.Error.WriteLine($"[contagion] cascade: {inTrace.Count:N0} updates, {firstArrival.Count:N0} companies, last after {run.Report["cascade"]!["cascade_ms"]} ms");
        run.Report["load_average"] = MachineLoad.LoadAverage();
    }

    /// <summary>The company's profile, one fiscal year, and its dependencies: a random pick of others, the same for every run.</summary>
    public static IEnumerable<V1.IngestItem> Company(LoadTestOptions o, int i)
    {
        var id = o.CompanyId(i);
        yield return new V1.IngestItem
        {
            UpsertCompany = new V1.UpsertCompanyRequest
            {
                Profile = new V1.CompanyProfile { CompanyId = id, Name = $"Contagion {i + 1}", Sector = $"Sector {i % 11}", Currency = "USD" },
            },
        };
        yield return new V1.IngestItem { ReportFinancials = new V1.ReportFinancialsRequest { CompanyId = id, Periods = { Period(i, distress: false) } } };
        var dependencies = new V1.SetRevenueDependenciesRequest { CompanyId = id };
        if (i > 0)
        {
            dependencies.Dependencies.Add(new V1.RevenueDependency { CounterpartyId = o.CompanyId(0), RevenueShare = HubShare, Source = "load test: the hub" });
        }

        var random = new Random(Seed + i);
        var picked = new HashSet<int> { 0, i };
        while (picked.Count < Math.Min(CounterpartiesPerCompany + 2, o.Companies))
        {
            var counterparty = random.Next(o.Companies);
            if (picked.Add(counterparty))
            {
                dependencies.Dependencies.Add(new V1.RevenueDependency { CounterpartyId = o.CompanyId(counterparty), RevenueShare = RevenueShare, Source = "load test" });
            }
        }

        yield return new V1.IngestItem { SetRevenueDependencies = dependencies };
    }

    // Short-term debt it can carry alone (a score of about 35: it transmits nothing), not once a counterparty
    // in distress takes a share of its revenue: it then transmits too, and the cascade goes on.
    private static V1.FinancialPeriod Period(int i, bool distress) => new()
    {
        PeriodEnd = new V1.Date { Year = 2025, Month = 12, Day = 31 },
        PeriodMonths = 12,
        Cash = distress ? 1 : 190 + (i % 21),
        ShortTermInvestments = 20,
        ShortTermDebt = distress ? 900 : 300,
        LongTermDebt = 200,
        OperatingLeaseLiabilities = 40,
        FinanceLeaseLiabilities = 10,
        Revenue = 500,
        Ebitda = distress ? -200 : 120,
        OperatingCashFlow = distress ? -250 : 90,
        Capex = 60,
        InterestExpense = 12,
        Source = "load test",
    };

    private static double? Before(List<(V1.RiskUpdate Update, long At)> settled, string companyId) =>
        settled.Where(u => u.Update.Risk.CompanyId == companyId).MaxBy(u => u.Update.Risk.Version).Update?.Risk is { HasScore: true } risk ? risk.Score : null;

    /// <summary>Every update until none came for <see cref="Quiet"/>.</summary>
    private static async Task<List<(V1.RiskUpdate Update, long At)>> UntilQuiet(ChannelReader<(V1.RiskUpdate, long)> reader, CancellationToken cancellation)
    {
        var received = new List<(V1.RiskUpdate, long)>();
        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            quiet.CancelAfter(Quiet);
            try
            {
                received.Add(await reader.ReadAsync(quiet.Token));
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return received;
            }
            catch (ChannelClosedException)
            {
                throw new LoadTestException("the WatchRisk stream ended");
            }
        }
    }

    private static double Millis(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private static double At(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}

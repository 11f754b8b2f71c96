using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.TestingHost;
using static RiskGrains.Grains.Tests.TestData;

namespace RiskGrains.Grains.Tests;

/// <summary>
/// Ticks on the silos' market boards: the newest applied in one turn, every tick counted once (applied,
/// conflated or ignored), the trace and caller of the batch that brought the applied one, nothing lost
/// when the company leaves the silo.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MarketBoardTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddMinutes(-30);

    [Fact]
    public async Task A_company_takes_ticks_from_the_board_of_its_silo_only_after_its_first_tick_as_a_call()
    {
        var (id, company) = await CreateCompany("board-attach");
        var feed = new TickFeed("desk");
        Assert.All(fixture.Boards, board => Assert.False(board.TryAbsorb(id, 0, Tick(Start), From(feed))));

        await company.PublishMarketData(Tick(Start));

        Assert.Equal(1, fixture.Boards.Count(board => board.TryAbsorb(id, 1, Tick(Start.AddSeconds(1)), From(feed))));
        await feed.Drained();
        Assert.Equal((1, 0, 0, 0), Counts(feed));
        Assert.Equal(Start.AddSeconds(1), (await company.GetRisk())!.MarketAsOf);
    }

    [Fact]
    public async Task A_burst_of_ticks_applies_the_newest_and_counts_every_tick_once_as_applied_conflated_or_ignored()
    {
        var (id, company) = await CreateCompany("board-burst");
        await company.PublishMarketData(Tick(Start));
        var before = (await company.GetRisk())!.Version;
        var board = BoardOf(id);
        var feed = new TickFeed("desk");

        // 2,000 newer ticks, each followed by a stale one (older than the first tick): only newer ones are applied or conflated.
        for (var i = 1; i <= 2_000; i++)
        {
            Assert.True(board.TryAbsorb(id, (ulong)(2 * i), Tick(Start.AddMilliseconds(i), marketCap: 1_000 + i), From(feed)));
            Assert.True(board.TryAbsorb(id, (ulong)(2 * i) + 1, Tick(Start.AddMilliseconds(-i)), From(feed)));
        }

        await feed.Drained();
        var (applied, conflated, ignored, rejected) = Counts(feed);
        Assert.Equal(4_000, applied + conflated + ignored + rejected);
        Assert.Equal((2_000, 0), (ignored, rejected));
        Assert.InRange(applied, 1, 2_000);
        var after = (await company.GetRisk())!;
        Assert.Equal(Start.AddMilliseconds(2_000), after.MarketAsOf);
        Assert.Equal(before + (ulong)applied, after.Version);
    }

    [Fact]
    public async Task The_applied_tick_carries_the_trace_and_the_caller_of_the_batch_that_brought_it()
    {
        var (id, company) = await CreateCompany("board-trace");
        await company.PublishMarketData(Tick(Start));
        var feed = new TickFeed("desk-7");
        var trace = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None);

        Assert.True(BoardOf(id).TryAbsorb(id, 0, Tick(Start.AddSeconds(1)), new TickBatch(feed, trace)));
        await feed.Drained();

        var risk = (await company.GetRisk())!;
        Assert.Equal((ChangeCause.Market, trace.TraceId.ToHexString(), "desk-7"), (risk.Cause, risk.TraceId, risk.ChangedBy));
    }

    [Fact]
    public async Task A_tick_waiting_when_the_company_leaves_the_silo_is_applied_and_later_ticks_come_as_calls_again()
    {
        var (id, company) = await CreateCompany("board-leave");
        await company.PublishMarketData(Tick(Start));
        var board = BoardOf(id);
        var feed = new TickFeed("desk");

        Assert.True(board.TryAbsorb(id, 0, Tick(Start.AddSeconds(5)), From(feed)));
        await Deactivation.Of(fixture.Grains, company);
        await feed.Drained();

        Assert.Equal(1, Counts(feed).Applied);
        Assert.All(fixture.Boards, b => Assert.False(b.TryAbsorb(id, 1, Tick(Start.AddSeconds(6)), From(feed))));
        Assert.Equal(Start.AddSeconds(5), (await company.GetRisk())!.MarketAsOf);
    }

    [Fact]
    public async Task The_board_reports_its_turns_companies_and_waits_to_the_meters()
    {
        var (id, company) = await CreateCompany("board-meters");
        await company.PublishMarketData(Tick(Start));
        var feed = new TickFeed("desk");
        Assert.True(BoardOf(id).TryAbsorb(id, 0, Tick(Start.AddSeconds(1)), From(feed)));
        await feed.Drained();

        var measured = new Dictionary<string, double>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RiskGrainsDiagnostics.Name && instrument.Name.StartsWith("riskgrains.market.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measured[instrument.Name] = measured.GetValueOrDefault(instrument.Name) + value);
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => measured[instrument.Name] = measured.GetValueOrDefault(instrument.Name) + value);
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measured[instrument.Name] = Math.Max(measured.GetValueOrDefault(instrument.Name), value));
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.True(measured["riskgrains.market.turns"] >= 1);
        Assert.True(measured["riskgrains.market.attached"] >= 1);
        Assert.True(measured.ContainsKey("riskgrains.market.due"));
        Assert.InRange(measured["riskgrains.market.tick_wait.p99"], 0, 60_000);
    }

    private MarketBoard BoardOf(string companyId) =>
        Assert.Single(fixture.Boards, board => board.TryAbsorb(companyId, 0, Tick(Start.AddYears(-1)), From(new TickFeed(""))));

    private async Task<(string Id, ICompanyGrain Company)> CreateCompany(string prefix)
    {
        var id = NewCompanyId(prefix);
        var company = fixture.Grains.GetGrain<ICompanyGrain>(id);
        await company.UpsertProfile(Profile(id));
        await company.ReportFinancials(Batch(Quarter(QuarterEnd(0))));
        return (id, company);
    }

    private static TickBatch From(TickFeed feed) => new(feed, new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None));

    private static (long Applied, long Conflated, long Ignored, long Rejected) Counts(TickFeed feed) =>
        (feed.AppliedCount, feed.ConflatedCount, feed.IgnoredCount, feed.RejectedCount);
}

/// <summary>
/// With a reservation block of 2 every other tick's version must be stored before it is acknowledged: such a
/// tick leaves the board as a grain call, and the versions still rise by one per applied tick.
/// </summary>
public sealed class MarketBoardReservationTests : IAsyncLifetime
{
    private readonly TestCluster _cluster = new TestClusterBuilder(initialSilosCount: 1)
        .AddSiloBuilderConfigurator<SiloConfigurator>()
        .AddClientBuilderConfigurator<ClientConfigurator>()
        .Build();

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Ticks_whose_versions_must_be_stored_first_go_on_as_calls_and_every_one_is_applied_in_order()
    {
        var id = NewCompanyId("board-reserve");
        var company = _cluster.Client.GetGrain<ICompanyGrain>(id);
        await company.UpsertProfile(Profile(id));
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        var first = await company.PublishMarketData(Tick(start));
        var board = _cluster.Silos.OfType<InProcessSiloHandle>().Single().SiloHost.Services.GetRequiredService<MarketBoard>();

        // One tick at a time, each waited for, so none is conflated.
        for (var i = 1; i <= 6; i++)
        {
            var feed = new TickFeed("desk");
            Assert.True(board.TryAbsorb(id, 0, Tick(start.AddSeconds(i)), new TickBatch(feed, default)));
            await feed.Drained();
            Assert.Equal(1, feed.AppliedCount);
            var risk = (await company.GetRisk())!;
            Assert.Equal((first.Version + (ulong)i, start.AddSeconds(i)), (risk.Version, risk.MarketAsOf));
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            ClusterFixture.AddCompanyServices(siloBuilder, new MemoryCompanyDirectoryStore(), new MemoryHistoryStore());
            siloBuilder.Services.Configure<CompanyGrainOptions>(o => o.VersionReserveBlock = 2);
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Services.AddSerializer(s => s.AddRiskModelTypes());
    }
}

/// <summary>
/// Ticks for a company active on another silo travel to that silo's board in one batch
/// (<see cref="IMarketBoardGrain"/>), in the two-silo cluster.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MarketBoardGrainTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddMinutes(-30);

    [Fact]
    public async Task A_batch_to_the_silo_hosting_its_companies_is_applied_there_and_counted_once_per_tick()
    {
        var companies = new List<(string Id, ICompanyGrain Grain, WriteResult First)>();
        for (var i = 0; i < 6; i++)
        {
            var id = NewCompanyId("routed");
            var grain = fixture.Grains.GetGrain<ICompanyGrain>(id);
            await grain.UpsertProfile(Profile(id));
            companies.Add((id, grain, await grain.PublishMarketData(Tick(Start))));
        }

        foreach (var silo in companies.Select(c => c.First.Silo!).Distinct())
        {
            var hosted = companies.Where(c => c.First.Silo == silo).ToList();
            var ticks = hosted.SelectMany(c => Enumerable.Range(1, 10).Select(s => new RoutedTick(c.Id, (ulong)s, Tick(Start.AddSeconds(s))))).ToList();
            ticks.Add(new RoutedTick(hosted[0].Id, 99, Tick(Start.AddSeconds(-1))));

            var receipt = await fixture.Grains.GetGrain<IMarketBoardGrain>(silo).Absorb([.. ticks], "desk", "");

            Assert.Empty(receipt.NotHere);
            Assert.Empty(receipt.Rejections);
            Assert.Equal(1, receipt.Ignored);
            Assert.Equal(ticks.Count, receipt.Applied + receipt.Conflated + receipt.Ignored);
            foreach (var (_, grain, first) in hosted)
            {
                var risk = (await grain.GetRisk())!;
                Assert.Equal((Start.AddSeconds(10), "desk"), (risk.MarketAsOf, risk.ChangedBy));
                Assert.InRange(risk.Version, first.Version + 1, first.Version + 10);
            }
        }
    }

    [Fact]
    public async Task A_silo_that_does_not_host_a_company_and_a_silo_not_in_the_cluster_give_every_tick_back()
    {
        var id = NewCompanyId("routed-away");
        var grain = fixture.Grains.GetGrain<ICompanyGrain>(id);
        await grain.UpsertProfile(Profile(id));
        var first = await grain.PublishMarketData(Tick(Start));
        var other = fixture.Cluster.Silos.Select(s => s.SiloAddress.ToParsableString()).Single(s => s != first.Silo);
        RoutedTick[] ticks = [new(id, 0, Tick(Start.AddSeconds(1))), new(id, 1, Tick(Start.AddSeconds(2)))];

        var elsewhere = await fixture.Grains.GetGrain<IMarketBoardGrain>(other).Absorb([.. ticks], "desk", "");
        var gone = await fixture.Grains.GetGrain<IMarketBoardGrain>("127.0.0.1:1@1").Absorb([.. ticks], "desk", "");

        Assert.Equal([0, 1], elsewhere.NotHere.AsEnumerable());
        Assert.Equal([0, 1], gone.NotHere.AsEnumerable());
        Assert.Equal(0, elsewhere.Applied + elsewhere.Conflated + elsewhere.Ignored + gone.Applied);
        Assert.Equal(Start, (await grain.GetRisk())!.MarketAsOf);
    }
}

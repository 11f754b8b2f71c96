using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using RiskGrains.Model;
using static RiskGrains.Grains.Tests.TestData;

namespace RiskGrains.Grains.Tests;

/// <summary>
/// Live contagion (docs/risk-model.md §6): dependents observe their counterparties and recompute when a
/// score moves beyond the dead band; the live state they reach is the solver's fixed point.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ContagionTests : IDisposable
{
    /// <summary>The live scores of a system equal the solver's fixed point within this many points.</summary>
    private const double FixedPointTolerance = 0.05;

    private readonly ClusterFixture _fixture;
    private readonly RecordedSpans _recorded = new();

    public ContagionTests(ClusterFixture fixture)
    {
        _fixture = fixture;
    }

    public void Dispose() => _recorded.Dispose();

    [Fact]
    public async Task A_chain_reaches_the_solvers_fixed_point()
    {
        // C is in distress on its own; B rests on C, A on B.
        var (a, b, c) = (NewCompanyId("chain-a"), NewCompanyId("chain-b"), NewCompanyId("chain-c"));
        await Create(c, WeakQuarter(QuarterEnd(0)));
        await Create(b, Quarter(QuarterEnd(0)));
        await Create(a, Quarter(QuarterEnd(0)));
        await Depend(a, (b, 0.8));
        await Depend(b, (c, 0.9));

        var (live, solved) = await Settled([a, b, c]);

        foreach (var id in new[] { a, b, c })
        {
            Assert.InRange(live[id] - solved[id], -FixedPointTolerance, FixedPointTolerance);
        }

        var bRisk = (await Company(b).GetRisk())!.Assessment;
        Assert.True(bRisk.ContagionHaircut > 0.3, $"B's haircut {bRisk.ContagionHaircut}");
        var dependency = Assert.Single(bRisk.Dependencies);
        Assert.Equal(c, dependency.CounterpartyId);
        Assert.Equal(live[c], dependency.CounterpartyScore!.Value, 9);
        Assert.Equal(0.9 * Contagion.Transmitted(live[c]), dependency.Contribution, 9);
        var alone = RiskModel.Evaluate(new CompanyInputs(Batch(Quarter(QuarterEnd(0))), [], null), ModelParameters.Default).Score!.Value;
        Assert.True(live[b] > alone + 1, $"B alone {alone}, resting on C {live[b]}");
    }

    [Fact]
    public async Task A_cycle_ends_at_the_dead_band_on_the_solvers_fixed_point()
    {
        var (a, b, c) = (NewCompanyId("cycle-a"), NewCompanyId("cycle-b"), NewCompanyId("cycle-c"));
        await Create(a, Quarter(QuarterEnd(0)));
        await Create(b, Quarter(QuarterEnd(0)));
        await Create(c, WeakQuarter(QuarterEnd(0)));
        await Depend(a, (b, 0.6), (c, 0.3));
        await Depend(b, (a, 0.7));

        var (live, solved) = await Settled([a, b, c]);
        foreach (var id in new[] { a, b, c })
        {
            Assert.InRange(live[id] - solved[id], -FixedPointTolerance, FixedPointTolerance);
        }

        // Terminated: nothing moves any more.
        var versions = await Versions([a, b]);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(versions, await Versions([a, b]));
        Assert.True(versions.Values.All(v => v < 60), $"versions {string.Join(", ", versions.Values)}");
    }

    [Fact]
    public async Task A_shock_to_a_counterparty_moves_its_dependents_with_cause_contagion_in_the_trace_of_the_write()
    {
        var (a, b, c) = (NewCompanyId("shock-a"), NewCompanyId("shock-b"), NewCompanyId("shock-c"));
        await Create(c, StrongQuarter(QuarterEnd(0)));
        await Create(b, Quarter(QuarterEnd(0), cash: 5));
        await Create(a, Quarter(QuarterEnd(0)));
        await Depend(b, (c, 0.9));
        await Depend(a, (b, 0.9));
        var (solvedBefore, _) = await Settled([a, b, c]);
        var before = await Versions([a, b]);
        var observer = new RecordingObserver();
        var reference = _fixture.Cluster.Client.CreateObjectReference<IRiskObserver>(observer);
        await Company(a).Subscribe(reference);
        await Company(b).Subscribe(reference);

        // The shock: C restates its quarter into distress, in a trace of the caller's.
        var traceId = ActivityTraceId.CreateRandom();
        RequestContext.Set(TraceContextPropagation.TraceParent, $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        WriteResult shock;
        try
        {
            shock = await Company(c).ReportFinancials(Batch(WeakQuarter(QuarterEnd(0))));
        }
        finally
        {
            RequestContext.Clear();
        }

        Assert.True(shock.Applied);
        var (live, solved) = await Settled([a, b, c]);
        var current = await Versions([a, b]);
        var pushed = new List<RiskSnapshot>();
        await Eventually.True(() =>
        {
            pushed.AddRange(observer.Drain());
            return current.All(v => pushed.Any(s => s.CompanyId == v.Key && s.Version == v.Value));
        });
        foreach (var id in new[] { a, b })
        {
            Assert.InRange(live[id] - solved[id], -FixedPointTolerance, FixedPointTolerance);
            var updates = pushed.Where(s => s.CompanyId == id && s.Version > before[id]).OrderBy(s => s.Version).ToList();
            Assert.NotEmpty(updates);
            Assert.All(updates, s => Assert.Equal((ChangeCause.Contagion, traceId.ToHexString()), (s.Cause, s.TraceId)));
            Assert.Equal((current[id], live[id]), (updates[^1].Version, updates[^1].Assessment.Score!.Value));
            Assert.True(live[id] > solvedBefore[id] + (10 * Contagion.DefaultEpsilon), $"{id}: {solvedBefore[id]} before the shock, {live[id]} after");

            // One span per hop, in the trace of the write.
            Assert.Contains(_recorded.Spans, s => s.OperationName == "recompute" && s.TraceId == traceId && Equals(s.GetTagItem("company.id"), id));
        }
        await Company(a).Unsubscribe(reference);
        await Company(b).Unsubscribe(reference);
        _fixture.Cluster.Client.DeleteObjectReference<IRiskObserver>(reference);
        GC.KeepAlive(observer);
    }

    [Fact]
    public async Task A_counterparty_created_after_its_dependent_is_picked_up_without_another_write()
    {
        var (a, late) = (NewCompanyId("early"), NewCompanyId("late"));
        await Create(a, Quarter(QuarterEnd(0)));
        var written = await Depend(a, (late, 0.5));

        var unknown = Assert.Single((await Company(a).GetRisk())!.Assessment.Dependencies);
        Assert.True(unknown.IsCounterpartyUnknown);
        Assert.Equal((0.0, 0.0), (unknown.Transmitted, unknown.Contribution));

        await Create(late, WeakQuarter(QuarterEnd(0)));
        var picked = await Eventually.Returns(() => Company(a).GetRisk(), s => s!.Assessment.ContagionHaircut > 0);

        Assert.Equal(ChangeCause.Contagion, picked!.Cause);
        Assert.True(picked.Version > written.Version);
        var dependency = Assert.Single(picked.Assessment.Dependencies);
        Assert.False(dependency.IsCounterpartyUnknown);
        Assert.Equal((await Company(late).GetRisk())!.Assessment.Score!.Value, dependency.CounterpartyScore!.Value, 9);
    }

    [Fact]
    public async Task The_same_list_again_in_any_order_changes_nothing_and_a_new_one_replaces_it()
    {
        var (a, x, y) = (NewCompanyId("dup"), NewCompanyId("dup-x"), NewCompanyId("dup-y"));
        await Create(a, Quarter(QuarterEnd(0)));
        await Create(x, WeakQuarter(QuarterEnd(0)));
        await Create(y, WeakQuarter(QuarterEnd(0)));
        ImmutableArray<RevenueDependency> list = [new(x, 0.3, "contract"), new(y, 0.2, "")];

        var first = await Company(a).SetRevenueDependencies(list);
        var again = await Company(a).SetRevenueDependencies(list);
        var reordered = await Company(a).SetRevenueDependencies([list[1], list[0]]);

        Assert.True(first.Applied);
        Assert.Equal(new WriteResult(first.Version, Applied: false), again);
        Assert.Equal(new WriteResult(first.Version, Applied: false), reordered);
        var risk = (await Company(a).GetRisk())!;
        Assert.Equal((first.Version, ChangeCause.Dependencies), (risk.Version, risk.Cause));
        Assert.Equal(new[] { x, y }.Order(StringComparer.Ordinal), risk.Assessment.Dependencies.Select(d => d.CounterpartyId));

        // Evaluated at once with the counterparties' scores, not first as unknown.
        Assert.All(risk.Assessment.Dependencies, d => Assert.False(d.IsCounterpartyUnknown));

        // A stale list sent again after a newer one replaces it: the last write wins, as for every replacing write.
        var cleared = await Company(a).SetRevenueDependencies([]);
        var back = await Company(a).SetRevenueDependencies(list);
        Assert.Equal((true, first.Version + 1), (cleared.Applied, cleared.Version));
        Assert.True(back.Applied);
        Assert.Equal(2, (await Company(a).GetRisk())!.Assessment.Dependencies.Length);

        // Every applied change of dependencies records a history point before it is acknowledged.
        var points = await _fixture.History.Read(a, null, null);
        Assert.Contains(points, p => p.Version == cleared.Version && p.Cause == ChangeCause.Dependencies);
    }

    [Fact]
    public async Task Cleared_dependencies_stop_contagion()
    {
        var (a, c) = (NewCompanyId("clear"), NewCompanyId("clear-c"));
        await Create(a, Quarter(QuarterEnd(0)));
        await Create(c, WeakQuarter(QuarterEnd(0)));
        await Depend(a, (c, 0.8));
        Assert.True((await Company(a).GetRisk())!.Assessment.ContagionHaircut > 0);

        var cleared = await Company(a).SetRevenueDependencies([]);
        await Company(c).ReportFinancials(Batch(StrongQuarter(QuarterEnd(0))));
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        var risk = (await Company(a).GetRisk())!;
        Assert.Equal((cleared.Version, 0.0), (risk.Version, risk.Assessment.ContagionHaircut));
        Assert.Empty(risk.Assessment.Dependencies);
    }

    [Fact]
    public async Task A_reactivated_dependent_starts_from_the_scores_it_used_and_keeps_its_dependencies()
    {
        var (a, c) = (NewCompanyId("react"), NewCompanyId("react-c"));
        await Create(a, Quarter(QuarterEnd(0)));
        await Create(c, WeakQuarter(QuarterEnd(0)));
        await Depend(a, (c, 0.6));
        var (live, _) = await Settled([a, c]);
        await Task.Delay(ClusterFixture.MarketStateSaveInterval * 2);

        await Deactivation.Of(_fixture.Grains, Company(a));
        var risk = (await Company(a).GetRisk())!;

        Assert.Equal(live[a], risk.Assessment.Score!.Value, 9);
        var dependency = Assert.Single(risk.Assessment.Dependencies);
        Assert.Equal((c, 0.6), (dependency.CounterpartyId, dependency.RevenueShare));
        Assert.False(dependency.IsCounterpartyUnknown);
    }

    private ICompanyGrain Company(string id) => _fixture.Grains.GetGrain<ICompanyGrain>(id);

    private async Task Create(string id, FinancialPeriod quarter)
    {
        await Company(id).UpsertProfile(Profile(id));
        await Company(id).ReportFinancials(Batch(quarter));
    }

    private Task<WriteResult> Depend(string id, params (string Counterparty, double Share)[] dependencies) =>
        Company(id).SetRevenueDependencies([.. dependencies.Select(d => new RevenueDependency(d.Counterparty, d.Share, "test"))]);

    private async Task<Dictionary<string, ulong>> Versions(string[] ids) =>
        (await Task.WhenAll(ids.Select(id => Company(id).GetRisk()))).ToDictionary(s => s!.CompanyId, s => s!.Version);

    /// <summary>
    /// Waits until the live scores are the fixed point the solver finds from the same inputs (or the
    /// deadline passes); returns both, for the test to compare.
    /// </summary>
    private async Task<(Dictionary<string, double> Live, Dictionary<string, double> Solved)> Settled(string[] ids)
    {
        (Dictionary<string, double>, Dictionary<string, double>) last = default;
        await Eventually.True(async () =>
        {
            var bases = await Task.WhenAll(ids.Select(id => Company(id).GetScenarioBasis()));
            var members = bases.Select(b => new SystemMember(b!.Snapshot.CompanyId, b.Inputs, b.Dependencies)).ToList();
            var result = ContagionSolver.Solve(members, bases[0]!.Parameters, shocks: null, outsideScore: _ => null);
            var live = bases.ToDictionary(b => b!.Snapshot.CompanyId, b => b!.Snapshot.Assessment.Score!.Value);
            var solved = result.Assessments.ToDictionary(p => p.Key, p => p.Value.Score!.Value);
            last = (live, solved);
            return ids.All(id => Math.Abs(live[id] - solved[id]) <= FixedPointTolerance);
        });
        return last;
    }

    private sealed class RecordingObserver : IRiskObserver
    {
        private readonly Channel<RiskSnapshot> _received = Channel.CreateUnbounded<RiskSnapshot>();

        public Task OnRiskChanged(RiskSnapshot snapshot)
        {
            _received.Writer.TryWrite(snapshot);
            return Task.CompletedTask;
        }

        public List<RiskSnapshot> Drain()
        {
            var rest = new List<RiskSnapshot>();
            while (_received.Reader.TryRead(out var snapshot))
            {
                rest.Add(snapshot);
            }

            return rest;
        }
    }
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using RiskGrains.Contract.V1;
using RiskGrains.Grains;
using RiskGrains.Model;
using CompanyProfile = RiskGrains.Model.CompanyProfile;
using ScenarioShocks = RiskGrains.Model.ScenarioShocks;
using ChangeCause = RiskGrains.Grains.ChangeCause;
using RiskGrains.Server.Grpc;

namespace RiskGrains.Server.Tests;

/// <summary>
/// Fuzzing of the request readers (<see cref="RequestGenerators"/>): whatever a client sends, reading it
/// throws nothing but field errors of bounded size, and whatever is accepted evaluates, live and under
/// every scenario, to a CompanyRisk without NaN or Infinity anywhere.
/// </summary>
[Properties(Arbitrary = [typeof(RequestFuzzProperties)], MaxTest = 1_000)]
public sealed class RequestFuzzProperties
{
    private static readonly RequestLimits Limits = RequestLimits.Default;

    public static Arbitrary<IngestItem> Items() => Arb.From(RequestGenerators.Item);

    public static Arbitrary<FuzzedCompany> Companies() => Arb.From(RequestGenerators.FuzzedCompany);

    [Property]
    public void Reading_any_write_throws_nothing_and_reports_each_field_briefly_under_its_item(IngestItem item)
    {
        var errors = new List<FieldError>();
        var write = RequestReader.Read(item, Limits, errors);

        Assert.Equal(write is null, item.ItemCase == IngestItem.ItemOneofCase.None);
        Assert.All(errors, e => Assert.InRange(e.Field.Length + e.Message.Length, 1, 256));
        Assert.All(errors, e => Assert.True(e.Field == "item" || e.Field.StartsWith(Prefix(item), StringComparison.Ordinal), e.Field));
        var fast = RequestReader.TryReadTick(item, Limits, out _, out _);
        Assert.Equal(item.ItemCase == IngestItem.ItemOneofCase.PublishMarketData && errors.Count == 0, fast);
    }

    [Property]
    public void Reading_any_history_request_throws_nothing_and_accepts_only_an_ordered_range_and_a_bounded_count(
        string id, long startSeconds, int startNanos, long endSeconds, int endNanos, int maxPoints, bool hasStart, bool hasEnd)
    {
        var request = new GetHistoryRequest { CompanyId = id ?? "", MaxPoints = maxPoints };
        if (hasStart)
        {
            request.StartTime = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = startSeconds, Nanos = startNanos };
        }

        if (hasEnd)
        {
            request.EndTime = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = endSeconds, Nanos = endNanos };
        }

        var errors = new List<FieldError>();
        var (_, start, end, max) = RequestReader.Read(request, Limits, errors);

        Assert.All(errors, e => Assert.Contains(e.Field, new[] { "company_id", "start_time", "end_time", "max_points" }));
        if (errors.Count == 0)
        {
            Assert.InRange(max, 1, Limits.Options.MaxHistoryPoints);
            Assert.True(start is null || end is null || start < end);
            Assert.Equal((hasStart, hasEnd), (start is not null, end is not null));
        }
    }

    [Property(MaxTest = 400)]
    public void Whatever_is_accepted_evaluates_to_finite_numbers_live_and_under_every_scenario(FuzzedCompany fuzzed)
    {
        var company = new CapturingCompany();
        var accepted = new List<string>();
        Apply(company, errors => RequestReader.Read(fuzzed.Profile, "", Limits, errors), accepted, "profile");
        Apply(company, errors => RequestReader.Read(fuzzed.Financials, "", Limits, errors), accepted, "financials");
        foreach (var commitment in fuzzed.Commitments)
        {
            Apply(company, errors => RequestReader.Read(commitment, "", Limits, errors), accepted, "commitment");
        }

        Apply(company, errors => RequestReader.Read(fuzzed.Tick, "", Limits, errors), accepted, "tick");
        var scenarioErrors = new List<FieldError>();
        var (_, _, shocks) = RequestReader.Read(fuzzed.Scenario, Limits, scenarioErrors);

        var inputs = new CompanyInputs(
            FinancialWindow.Merge([], company.Periods, ModelParameters.Default.WindowQuarters),
            [.. company.Commitments.OrderBy(c => c.Id, StringComparer.Ordinal)],
            company.Tick?.ToMarketState());
        var evaluations = new List<RiskAssessment> { RiskModel.Evaluate(inputs, ModelParameters.Default) };
        evaluations.AddRange(ScenarioShocks.PresetNames.Select(p => RiskModel.EvaluateScenario(inputs, ModelParameters.Default, ScenarioShocks.Preset(p))));
        evaluations.Add(RiskModel.EvaluateScenario(inputs, ModelParameters.Default, ScenarioShocks.Preset(ScenarioShocks.CreditFreeze) with { CommitmentAcceleration = 1 }));
        if (scenarioErrors.Count == 0)
        {
            evaluations.Add(RiskModel.EvaluateScenario(inputs, ModelParameters.Default, shocks));
        }

        var profile = company.Profile ?? new CompanyProfile("FUZZ", "", "", "USD");
        foreach (var assessment in evaluations)
        {
            var snapshot = new RiskSnapshot(profile.Id, 1, DateTimeOffset.UtcNow, profile, assessment, ChangeCause.Market, "", company.Tick?.AsOf, "S127.0.0.1:11111:1", "fuzz");
            AssertFinite(ProtoMapping.ToProto(snapshot), "risk");
        }

        Assert.True(company.Periods.IsEmpty || evaluations.All(a => a.Score is >= 0 and <= 100), "a company with periods has a score within 0..100");
    }

    [Fact]
    public void The_generators_make_companies_whose_every_write_is_accepted_often_enough_to_test_the_model()
    {
        var whole = RequestGenerators.FuzzedCompany.Sample(400).Count(fuzzed =>
        {
            var accepted = new List<string>();
            var company = new CapturingCompany();
            Apply(company, errors => RequestReader.Read(fuzzed.Financials, "", Limits, errors), accepted, "financials");
            Apply(company, errors => RequestReader.Read(fuzzed.Tick, "", Limits, errors), accepted, "tick");
            foreach (var commitment in fuzzed.Commitments)
            {
                Apply(company, errors => RequestReader.Read(commitment, "", Limits, errors), accepted, "commitment");
            }

            return accepted.Count == 2 + fuzzed.Commitments.Count && fuzzed.Commitments.Count > 0;
        });

        Assert.InRange(whole, 100, 400);
    }

    [Fact]
    public void The_generators_reach_both_accepted_and_refused_writes_of_every_kind()
    {
        var items = RequestGenerators.Item.Sample(2_000);
        var read = items.Select(i => (i.ItemCase, Accepted: Accepts(i))).ToList();

        foreach (var kind in new[] { IngestItem.ItemOneofCase.UpsertCompany, IngestItem.ItemOneofCase.ReportFinancials, IngestItem.ItemOneofCase.UpsertCommitment, IngestItem.ItemOneofCase.RemoveCommitment, IngestItem.ItemOneofCase.PublishMarketData })
        {
            Assert.Contains((kind, true), read);
            Assert.Contains((kind, false), read);
        }
    }

    private static bool Accepts(IngestItem item)
    {
        var errors = new List<FieldError>();
        RequestReader.Read(item, Limits, errors);
        return errors.Count == 0;
    }

    private static void Apply(CapturingCompany company, Func<List<FieldError>, CompanyWrite> read, List<string> accepted, string what)
    {
        var errors = new List<FieldError>();
        var write = read(errors);
        Assert.All(errors, e => Assert.InRange(e.Field.Length + e.Message.Length, 1, 256));
        if (errors.Count == 0)
        {
            write.ApplyTo(company).GetAwaiter().GetResult();
            accepted.Add(what);
        }
    }

    private static string Prefix(IngestItem item) => item.ItemCase switch
    {
        IngestItem.ItemOneofCase.UpsertCompany => "upsert_company.",
        IngestItem.ItemOneofCase.ReportFinancials => "report_financials.",
        IngestItem.ItemOneofCase.UpsertCommitment => "upsert_commitment.",
        IngestItem.ItemOneofCase.RemoveCommitment => "remove_commitment.",
        IngestItem.ItemOneofCase.PublishMarketData => "publish_market_data.",
        _ => "item",
    };

    // Every double of the message and of the messages in it, repeated ones included.
    private static void AssertFinite(IMessage message, string path)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            switch (field.FieldType)
            {
                case FieldType.Double when field.IsRepeated:
                    Assert.All((IEnumerable<double>)value, v => Assert.True(double.IsFinite(v), $"{path}.{field.Name} holds {v}"));
                    break;
                case FieldType.Double:
                    Assert.True(double.IsFinite((double)value), $"{path}.{field.Name} = {value}");
                    break;
                case FieldType.Message when field.IsRepeated:
                    foreach (var (child, i) in ((System.Collections.IEnumerable)value).Cast<IMessage>().Select((m, i) => (m, i)))
                    {
                        AssertFinite(child, $"{path}.{field.Name}[{i}]");
                    }

                    break;
                case FieldType.Message when value is IMessage child:
                    AssertFinite(child, $"{path}.{field.Name}");
                    break;
                default:
                    break;
            }
        }
    }
}

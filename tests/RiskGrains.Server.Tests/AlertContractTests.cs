using Google.Protobuf.Reflection;
using RiskGrains.Contract.V1;
using RiskGrains.Grains;
using AlertEvent = RiskGrains.Grains.AlertEvent;
using ChangeCause = RiskGrains.Grains.ChangeCause;
using RiskGrains.Server.Alerts;
using RiskGrains.Server.Grpc;
using Model = RiskGrains.Model;

namespace RiskGrains.Server.Tests;

/// <summary>The fields a rule may watch are CompanyRisk's numbers, by their proto names; a stream's queue is bounded.</summary>
public sealed class AlertContractTests
{
    [Fact]
    public void A_rule_may_watch_every_optional_number_of_CompanyRisk_and_nothing_else()
    {
        var numbers = CompanyRisk.Descriptor.Fields.InDeclarationOrder()
            .Where(f => f.HasPresence && !f.IsRepeated && f.FieldType is FieldType.Double or FieldType.Int32)
            .Select(f => f.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(numbers, AlertFields.ThresholdFields);
        Assert.False(AlertFields.IsThresholdField(AlertFields.Band));
    }

    [Fact]
    public void Each_field_reads_the_number_GetRisk_sends_under_that_name()
    {
        var assessment = new Model.RiskAssessment
        {
            Liquidity = 150,
            LiquidityCoverage12M = 1.25,
            RunwayMonths = 18,
            Score = 42.5,
            Band = Model.Band.Elevated,
            CommitmentAdjustedDefaultProbability = 0.01,
            ContagionHaircut = 0.05,
        };
        var risk = ProtoMapping.ToProto(new RiskSnapshot("CO", 3, DateTimeOffset.UtcNow, new Model.CompanyProfile("CO", "Co", "Tech", "USD"), assessment, ChangeCause.Market, "", null, "silo", ""));

        foreach (var name in AlertFields.ThresholdFields)
        {
            var field = CompanyRisk.Descriptor.FindFieldByName(name);
            double? sent = field.Accessor.HasValue(risk) ? Convert.ToDouble(field.Accessor.GetValue(risk), System.Globalization.CultureInfo.InvariantCulture) : null;
            Assert.Equal(sent, AlertFields.Read(name, assessment));
        }

        Assert.Equal(3.0, AlertFields.Read(AlertFields.Band, assessment));
        Assert.Equal((int)Band.Elevated, (int)risk.Band);
    }

    [Fact]
    public async Task A_stream_queue_past_its_bound_ends_the_stream_and_says_so()
    {
        var stream = new AlertWatchStream(new HashSet<string> { "wanted" }, capacity: 2);
        var alerts = Enumerable.Range(1, 4).Select(i => new AlertEvent((ulong)i, "wanted", "CO", "score", 60, 50, 1, "", DateTimeOffset.UtcNow)).ToList();

        stream.Offer(alerts[0] with { RuleId = "other" });
        stream.Offer(alerts[0]);
        stream.Offer(alerts[1]);
        Assert.False(stream.Overflowed);
        stream.Offer(alerts[2]);
        stream.Offer(alerts[3]);

        Assert.True(stream.Overflowed);
        var queued = new List<AlertEvent>();
        await foreach (var alert in stream.ReadAllAsync(CancellationToken.None))
        {
            queued.Add(alert);
        }

        Assert.Equal(alerts[..2], queued);
    }
}

using System.Collections.Immutable;
using System.Reflection;
using Google.Protobuf.WellKnownTypes;
using RiskGrains.Grains;
using RiskGrains.Model;
using RiskGrains.Server.Grpc;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>A watch's read mask (docs/api.md, WatchRisk): each field of CompanyRisk is built when named, and only then.</summary>
public sealed class ReadMaskMappingTests
{
    private static readonly RiskSnapshot Full = FullSnapshot();

    public static TheoryData<string> CompanyRiskFields() => [.. V1.CompanyRisk.Descriptor.Fields.InFieldNumberOrder().Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(CompanyRiskFields))]
    public void A_mask_of_one_field_builds_that_field_as_the_full_mapping_does_and_nothing_else_but_the_identity(string name)
    {
        var full = ProtoMapping.ToProto(Full);
        var expected = full.Clone();
        foreach (var other in V1.CompanyRisk.Descriptor.Fields.InFieldNumberOrder().Where(f => f.Name != name && f.Name is not ("company_id" or "version")))
        {
            other.Accessor.Clear(expected);
        }

        var masked = ProtoMapping.ToProto(Full, Mask(name));

        // The snapshot gives every field a value, so the field kept is not merely empty.
        var identity = new V1.CompanyRisk { CompanyId = full.CompanyId, Version = full.Version };
        Assert.True(name is "company_id" or "version" || !identity.Equals(expected), $"the snapshot leaves {name} empty");
        Assert.Equal(expected, masked);
    }

    [Fact]
    public void A_path_may_name_a_field_by_its_json_name_as_an_http_query_parameter_leaves_it() =>
        Assert.Equal(ProtoMapping.ToProto(Full, Mask("runway_cash", "pd_term_structure")), ProtoMapping.ToProto(Full, Mask("runwayCash", "pdTermStructure")));

    [Fact]
    public void Company_id_and_version_are_built_whatever_the_mask_names()
    {
        var masked = ProtoMapping.ToProto(Full, Mask("band"));

        Assert.Equal(new V1.CompanyRisk { CompanyId = "MSFT", Version = 7, Band = V1.Band.Elevated }, masked);
    }

    [Theory]
    [InlineData()]
    [InlineData("*")]
    [InlineData("score", "*")]
    public void An_empty_mask_and_a_star_build_every_field(params string[] paths)
    {
        var errors = new List<FieldError>();
        var mask = CompanyRiskMask.Read(new FieldMask { Paths = { paths } }, "read_mask", errors);

        Assert.Empty(errors);
        Assert.Equal(ProtoMapping.ToProto(Full), ProtoMapping.ToProto(Full, mask));
        Assert.Equal(CompanyRiskMask.All, CompanyRiskMask.Read(null, "read_mask", errors));
    }

    [Fact]
    public void Every_field_of_CompanyRisk_has_a_number_the_mask_can_hold() =>
        Assert.All(V1.CompanyRisk.Descriptor.Fields.InFieldNumberOrder(), f => Assert.InRange(f.FieldNumber, 1, CompanyRiskMask.MaxFieldNumber));

    [Theory]
    [InlineData("cash_path")]
    [InlineData("RunwayCash")]
    [InlineData("merton.converged")]
    [InlineData("risk.score")]
    [InlineData("")]
    public void A_path_that_is_not_a_field_of_CompanyRisk_is_refused_by_its_index_and_name(string bad)
    {
        var errors = new List<FieldError>();

        CompanyRiskMask.Read(new FieldMask { Paths = { "score", bad } }, "read_mask", errors);

        var error = Assert.Single(errors);
        Assert.Equal("read_mask.paths[1]", error.Field);
        Assert.StartsWith($"names '{bad}', which is not a field of CompanyRisk", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_longer_than_any_field_name_is_refused_without_being_quoted()
    {
        var errors = new List<FieldError>();

        CompanyRiskMask.Read(new FieldMask { Paths = { new string('x', 10_000) } }, "read_mask", errors);

        Assert.Equal(new FieldError("read_mask.paths[0]", "is 10,000 characters long, longer than any field name of CompanyRisk"), Assert.Single(errors));
    }

    [Fact]
    public void A_mask_of_more_paths_than_it_can_hold_is_refused_without_reading_them()
    {
        var errors = new List<FieldError>();

        CompanyRiskMask.Read(new FieldMask { Paths = { Enumerable.Repeat("nope", CompanyRiskMask.MaxPaths + 1) } }, "read_mask", errors);

        Assert.Equal(new FieldError("read_mask", $"must hold at most {CompanyRiskMask.MaxPaths} paths (CompanyRisk has fewer fields)"), Assert.Single(errors));
    }

    private static CompanyRiskMask Mask(params string[] paths)
    {
        var errors = new List<FieldError>();
        var mask = CompanyRiskMask.Read(new FieldMask { Paths = { paths } }, "read_mask", errors);
        Assert.Empty(errors);
        return mask;
    }

    /// <summary>A snapshot in which every field of CompanyRisk has a value, so that leaving one out shows.</summary>
    private static RiskSnapshot FullSnapshot()
    {
        var next = 1_000.0;
        var assessment = new RiskAssessment
        {
            T0 = new DateOnly(2025, 12, 31),
            WindowStart = new DateOnly(2025, 1, 1),
            Periods = 4,
            TtmMonths = 12,
            Commitments = 2,
            HasMarketData = true,
            RunwayMonths = 14,
            RunwayCash = [3.0, 2.0, 1.0],
            Merton = new MertonResult(3.1, 0.001, 900, 0.2, 3, Converged: true),
            PdTermStructure = [new PdPoint(1, 2.5, 0.01, 0.01)],
            Dependencies = [new DependencyContribution("NVDA", 0.2, 45, 0.125, 0.025)],
            AltmanZone = AltmanZone.Grey,
            Band = Band.Elevated,
            Components = [new ComponentScore("default", -3.5, 6.2, 0.25, 1.55)],
            Flags = ["runway_capped"],
            NotMeaningful = [new NotMeaningful("altman_z", "no_market_data")],
        };
        foreach (var property in typeof(RiskAssessment).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.PropertyType == typeof(double?)))
        {
            property.SetValue(assessment, next++);
        }

        return new RiskSnapshot(
            "MSFT", 7, new DateTimeOffset(2026, 1, 2, 15, 30, 0, TimeSpan.Zero), new CompanyProfile("MSFT", "Microsoft", "Software", "USD"), assessment,
            ChangeCause.Market, "0af7651916cd43dd8448eb211c80319c", new DateTimeOffset(2026, 1, 2, 15, 29, 0, TimeSpan.Zero), "silo-1", "desk-1");
    }
}

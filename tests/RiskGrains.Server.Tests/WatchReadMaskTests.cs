using System.Globalization;
using System.Net;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Watch;

namespace RiskGrains.Server.Tests;

/// <summary>WatchRisk's read_mask (docs/api.md, WatchRisk): only the fields named come, with the values a full watch sends.</summary>
[Collection(SharedServiceCollection.Name)]
public sealed class WatchReadMaskTests(SharedService service)
{
    private static readonly string[] Kept = ["score", "band", "runway_months"];

    private readonly RiskService.RiskServiceClient _client = service.Host.Client;

    [Fact]
    public async Task A_masked_watch_sends_the_fields_named_with_the_values_of_a_full_watch_and_leaves_the_others_empty()
    {
        var id = await CompanyWithMarketAsync("MK");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var full = _client.WatchRisk(new WatchRiskRequest { CompanyIds = { id } }, cancellationToken: cancel.Token);
        using var masked = _client.WatchRisk(new WatchRiskRequest { CompanyIds = { id }, ReadMask = Mask(Kept) }, cancellationToken: cancel.Token);
        await NextAsync(full, cancel.Token);
        await NextAsync(masked, cancel.Token);

        var tick = await _client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow, marketCap: 700));
        var fullUpdate = await NextAsync(full, cancel.Token);
        var maskedUpdate = await NextAsync(masked, cancel.Token);

        Assert.Equal((tick.Version, ChangeCause.Market), (fullUpdate.Risk.Version, fullUpdate.Cause));
        Assert.True(fullUpdate.Risk.RunwayCash.Count > 0 && fullUpdate.Risk.PdTermStructure.Count > 0 && fullUpdate.Risk.Components.Count > 0, "the full update lacks the fields a mask leaves out");
        Assert.Equal(KeptOf(fullUpdate.Risk), maskedUpdate.Risk);
        Assert.Equal((ChangeCause.Market, fullUpdate.TraceId), (maskedUpdate.Cause, maskedUpdate.TraceId));
        Assert.Matches("^[0-9a-f]{32}$", maskedUpdate.TraceId);
        Assert.True(maskedUpdate.CalculateSize() * 10 < fullUpdate.CalculateSize(), $"{maskedUpdate.CalculateSize()} bytes masked, {fullUpdate.CalculateSize()} full");
    }

    [Fact]
    public async Task The_first_message_the_current_state_is_masked_too()
    {
        var id = await CompanyWithMarketAsync("MS");
        var current = (await _client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var masked = _client.WatchRisk(new WatchRiskRequest { CompanyIds = { id }, ReadMask = Mask(Kept) }, cancellationToken: cancel.Token);

        var first = await NextAsync(masked, cancel.Token);

        Assert.Equal(ChangeCause.Snapshot, first.Cause);
        Assert.Equal(KeptOf(current), first.Risk);
    }

    [Theory]
    [InlineData("absent")]
    [InlineData("empty")]
    [InlineData("star")]
    [InlineData("star and a field")]
    public async Task Without_a_mask_with_an_empty_one_or_with_a_star_every_field_comes(string form)
    {
        var id = await CompanyWithMarketAsync("MA");
        var current = (await _client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
        var request = new WatchRiskRequest { CompanyIds = { id } };
        request.ReadMask = form switch
        {
            "empty" => new FieldMask(),
            "star" => Mask("*"),
            "star and a field" => Mask("score", "*"),
            _ => null,
        };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var watch = _client.WatchRisk(request, cancellationToken: cancel.Token);

        var first = await NextAsync(watch, cancel.Token);

        Assert.Equal(current, first.Risk);
        Assert.True(first.Risk.RunwayCash.Count > 0 && first.Risk.PdTermStructure.Count > 0);
    }

    [Fact]
    public async Task A_path_that_names_no_field_of_CompanyRisk_is_INVALID_ARGUMENT_naming_read_mask_and_the_path_and_opens_nothing()
    {
        var id = Requests.NewCompanyId("MU");
        await Requests.CreateAsync(_client, id);
        using var watch = _client.WatchRisk(new WatchRiskRequest { CompanyIds = { id }, ReadMask = Mask("score", "cash_path") });

        var error = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            "invalid input: read_mask.paths[1] names 'cash_path', which is not a field of CompanyRisk: a path names one of its fields, such as score, band or runway_cash, or is *",
            error.Status.Detail);
        Assert.Equal("read_mask.paths[1]", Assert.Single(error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations).Field);
        Assert.False(service.Host.Services.GetRequiredService<WatchHub>().IsWatched(id));
    }

    [Fact]
    public async Task Over_http_the_mask_is_a_query_parameter_of_comma_separated_paths_by_proto_or_json_name()
    {
        var id = await CompanyWithMarketAsync("MH");
        var current = (await _client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
        using var http = new HttpClient { BaseAddress = service.Host.Address, DefaultRequestVersion = HttpVersion.Version11 };
        using var response = await http.GetAsync($"/v1/companies:watch?companyIds={id}&readMask=score,band,runway_months,runwayMonths", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        using var first = JsonDocument.Parse((await reader.ReadLineAsync())!);

        var risk = first.RootElement.GetProperty("update").GetProperty("risk");
        var band = CompanyRisk.Descriptor.FindFieldByName("band").EnumType.FindValueByNumber((int)current.Band).Name;
        Assert.Equal(
            (id, current.Version, current.Score, current.RunwayMonths, band),
            (risk.GetProperty("companyId").GetString(), ulong.Parse(risk.GetProperty("version").ToString(), CultureInfo.InvariantCulture),
                risk.GetProperty("score").GetDouble(), risk.GetProperty("runwayMonths").GetInt32(), risk.GetProperty("band").GetString()));

        // The HTTP form may print a field's default value; a field left out has nothing else.
        string[] kept = ["companyId", "version", "score", "band", "runwayMonths"];
        Assert.All(risk.EnumerateObject().Where(p => !kept.Contains(p.Name)), p => Assert.True(IsDefault(p.Value), $"{p.Name} is {p.Value}"));
    }

    /// <summary>A company with periods, a commitment and a market state: every field of its risk has a value.</summary>
    private async Task<string> CompanyWithMarketAsync(string prefix)
    {
        var id = Requests.NewCompanyId(prefix);
        await Requests.CreateAsync(_client, id);
        await _client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow.AddSeconds(-1)));
        return id;
    }

    private static FieldMask Mask(params string[] paths) => new() { Paths = { paths } };

    /// <summary>What a watch masked to <see cref="Kept"/> must send of <paramref name="full"/>: those fields and the identity.</summary>
    private static CompanyRisk KeptOf(CompanyRisk full) => new()
    {
        CompanyId = full.CompanyId,
        Version = full.Version,
        Score = full.Score,
        Band = full.Band,
        RunwayMonths = full.RunwayMonths,
    };

    private static async Task<RiskUpdate> NextAsync(AsyncServerStreamingCall<WatchRiskResponse> watch, CancellationToken cancellationToken)
    {
        Assert.True(await watch.ResponseStream.MoveNext(cancellationToken), "the watch ended");
        return watch.ResponseStream.Current.Update;
    }

    private static bool IsDefault(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => value.GetArrayLength() == 0,
        JsonValueKind.String => value.GetString() is "" || value.GetString()!.EndsWith("_UNSPECIFIED", StringComparison.Ordinal),
        JsonValueKind.Number => value.GetDouble() == 0,
        JsonValueKind.False or JsonValueKind.Null => true,
        _ => false,
    };
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Google.Protobuf.WellKnownTypes;
using RiskGrains.Contract.V1;
using RiskGrains.Model;
using RiskGrains.Server.Grpc;

namespace RiskGrains.Server.Tests;

/// <summary>The allocation-free tick reader of the feed accepts exactly what the full request reader accepts.</summary>
[Properties(Arbitrary = [typeof(TickReaderProperties)], MaxTest = 2_000)]
public sealed class TickReaderProperties
{
    private static readonly double[] Edges =
        [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, -1.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 1e-300, 1e15, 1e-6, 0.001, 5, 32, 4.3, 1e308];

    private static readonly string[] Ids =
        ["MSFT", "brk.b_A-1", new string('x', 64), "", " ", "bad id", "a/b", new string('x', 65), "é"];

    private static readonly Timestamp?[] Times =
    [
        null,
        new Timestamp { Seconds = 1_767_225_600 },
        new Timestamp { Seconds = 1_767_225_600, Nanos = 999_999_999 },
        new Timestamp { Seconds = 253_402_300_799, Nanos = 999_999_999 },
        new Timestamp { Seconds = 253_402_300_800 },
        new Timestamp { Seconds = -62_135_596_800 },
        new Timestamp { Seconds = -62_135_596_801 },
        new Timestamp { Seconds = 0, Nanos = -1 },
        new Timestamp { Seconds = 0, Nanos = 1_000_000_000 },
        new Timestamp { Seconds = long.MaxValue },
        new Timestamp { Seconds = 32_503_680_000 },
        Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(1)),
        Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
    ];

    public static Arbitrary<MarketData> MarketData() => Arb.From(
        from id in Gen.Elements(Ids)
        from cap in Number
        from vol in Number
        from rate in Number
        from drift in Gen.OneOf(Gen.Constant<double?>(null), Number.Select(d => (double?)d))
        from asOf in Gen.Elements(Times)
        select Tick(id, cap, vol, rate, drift, asOf));

    // Wide values, and values around the bounds of volatility (0.001..5) and rates (-0.1..1, -1..3), so both readers often accept.
    private static Gen<double> Number => Gen.Frequency(
        (1, Gen.Elements(Edges)),
        (2, Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1_000.0)),
        (4, Gen.Choose(-1_200, 5_200).Select(i => i / 1_000.0)));

    [Property]
    public void The_tick_reader_accepts_exactly_what_the_full_reader_accepts_and_reads_the_same_tick(MarketData market)
    {
        var errors = new List<FieldError>();
        var full = MessageReader.Tick(market, "market_data", RequestLimits.Default, errors);

        var accepted = MessageReader.TryReadTick(market, RequestLimits.Default, out var fast);

        Assert.Equal(errors.Count == 0, accepted);
        if (accepted)
        {
            Assert.Equal(full, fast);
        }
    }

    [Property]
    public void An_ingest_item_holding_the_tick_reads_the_same_way(MarketData market)
    {
        var item = new IngestItem { PublishMarketData = new PublishMarketDataRequest { MarketData = market } };
        var errors = new List<FieldError>();
        var write = RequestReader.Read(item, RequestLimits.Default, errors);

        var accepted = RequestReader.TryReadTick(item, RequestLimits.Default, out var companyId, out _);

        Assert.Equal(errors.Count == 0, accepted);
        Assert.All(errors, e => Assert.StartsWith("publish_market_data.market_data.", e.Field));
        if (accepted)
        {
            Assert.Equal(write!.CompanyId, companyId);
        }
    }

    private static MarketData Tick(string id, double cap, double vol, double rate, double? drift, Timestamp? asOf)
    {
        var market = new MarketData { CompanyId = id, MarketCap = cap, EquityVolatility = vol, RiskFreeRate = rate, AsOf = asOf };
        if (drift is { } mu)
        {
            market.EquityReturn1Y = mu;
        }

        return market;
    }
}

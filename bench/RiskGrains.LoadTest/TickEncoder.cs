using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.LoadTest;

/// <summary>
/// Writes IngestRequest messages of PublishMarketData items straight into a reused buffer, in the
/// exact bytes Google.Protobuf would produce (checked by <see cref="SelfCheck"/>), so the generator
/// spends almost no CPU per tick. It owns a partition of the companies and cycles through them in
/// order; each tick's as_of is strictly newer than the previous tick of the same company.
/// </summary>
internal sealed class TickEncoder
{
    // Wire tags: (field << 3) | wire type; 2 = length-delimited, 1 = 64-bit, 0 = varint.
    private const byte RequestItems = (1 << 3) | 2;
    private const byte ItemPublishMarketData = (5 << 3) | 2;
    private const byte PublishMarketData = (1 << 3) | 2;
    private const byte CompanyIdTag = (1 << 3) | 2;
    private const byte MarketCapTag = (2 << 3) | 1;
    private const byte VolatilityTag = (3 << 3) | 1;
    private const byte RiskFreeRateTag = (4 << 3) | 1;
    private const byte AsOfTag = (6 << 3) | 2;
    private const byte SecondsTag = (1 << 3) | 0;
    private const byte NanosTag = (2 << 3) | 0;

    // Worst case per item: 6 headers of at most 2+2 bytes, an id of 64, three doubles, a timestamp of 2+11+6.
    private const int MaxItemBytes = 160;

    private readonly Company[] _companies;
    private readonly ScoreProbe? _probe;
    private readonly byte[] _buffer;
    private int _cursor;
    private long _ticks;

    public TickEncoder(IReadOnlyList<string> companyIds, int maxItems, ScoreProbe? probe = null)
    {
        if (companyIds.Count == 0)
        {
            throw new ArgumentException("a tick encoder needs at least one company", nameof(companyIds));
        }

        _companies = companyIds.Select(Company.For).ToArray();
        foreach (var company in _companies)
        {
            company.Probe = probe?.QueueOf(Encoding.UTF8.GetString(company.Id));
        }

        _probe = probe;
        _buffer = new byte[maxItems * MaxItemBytes];
        MaxItems = maxItems;
    }

    public int MaxItems { get; }

    /// <summary>Encodes <paramref name="count"/> ticks stamped <paramref name="nowMicros"/> (or just after, per company).</summary>
    public EncodedBatch Encode(int count, long nowMicros)
    {
        count = Math.Min(count, MaxItems);
        var span = _buffer.AsSpan();
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            var company = _companies[_cursor];
            _cursor = _cursor + 1 == _companies.Length ? 0 : _cursor + 1;

            var asOf = Math.Max(nowMicros, company.LastAsOfMicros + 1);
            company.LastAsOfMicros = asOf;
            if (company.Probe is { } probed)
            {
                _probe!.Sent(probed, asOf);
            }

            // A small deterministic wiggle, so consecutive ticks of a company carry different figures.
            var step = _ticks++ % 64;
            var marketCap = company.MarketCap * (1 + ((step - 32) * 0.0005));

            var seconds = asOf / 1_000_000;
            var nanos = (int)(asOf % 1_000_000) * 1_000;
            var timestampLength = 1 + VarintLength((ulong)seconds) + (nanos == 0 ? 0 : 1 + VarintLength((ulong)nanos));
            var marketLength = 2 + company.Id.Length + 27 + 1 + VarintLength((ulong)timestampLength) + timestampLength;
            var publishLength = 1 + VarintLength((ulong)marketLength) + marketLength;
            var itemLength = 1 + VarintLength((ulong)publishLength) + publishLength;

            span[at++] = RequestItems;
            at += WriteVarint(span[at..], (ulong)itemLength);
            span[at++] = ItemPublishMarketData;
            at += WriteVarint(span[at..], (ulong)publishLength);
            span[at++] = PublishMarketData;
            at += WriteVarint(span[at..], (ulong)marketLength);

            span[at++] = CompanyIdTag;
            span[at++] = (byte)company.Id.Length;
            company.Id.CopyTo(span[at..]);
            at += company.Id.Length;
            span[at++] = MarketCapTag;
            BinaryPrimitives.WriteDoubleLittleEndian(span[at..], marketCap);
            at += 8;
            span[at++] = VolatilityTag;
            BinaryPrimitives.WriteDoubleLittleEndian(span[at..], company.Volatility);
            at += 8;
            span[at++] = RiskFreeRateTag;
            BinaryPrimitives.WriteDoubleLittleEndian(span[at..], company.RiskFreeRate);
            at += 8;

            span[at++] = AsOfTag;
            at += WriteVarint(span[at..], (ulong)timestampLength);
            span[at++] = SecondsTag;
            at += WriteVarint(span[at..], (ulong)seconds);
            if (nanos != 0)
            {
                span[at++] = NanosTag;
                at += WriteVarint(span[at..], (ulong)nanos);
            }
        }

        return new EncodedBatch(_buffer, at, count);
    }

    /// <summary>
    /// Throws unless the hand-written bytes equal Google.Protobuf's for the same ticks: the server
    /// must receive exactly what the generated client would send.
    /// </summary>
    public static void SelfCheck()
    {
        string[] ids = ["LT-000001", "LT-000002", "X"];
        var encoder = new TickEncoder(ids, 5);
        var now = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z: nanos 0 for the first tick, then +1 µs per company.
        var batch = encoder.Encode(5, now);
        var parsed = V1.IngestRequest.Parser.ParseFrom(batch.Buffer, 0, batch.Length);

        var expected = new V1.IngestRequest();
        foreach (var item in parsed.Items)
        {
            var md = item.PublishMarketData.MarketData;
            expected.Items.Add(new V1.IngestItem
            {
                PublishMarketData = new V1.PublishMarketDataRequest
                {
                    MarketData = new V1.MarketData
                    {
                        CompanyId = md.CompanyId,
                        MarketCap = md.MarketCap,
                        EquityVolatility = md.EquityVolatility,
                        RiskFreeRate = md.RiskFreeRate,
                        AsOf = new Timestamp { Seconds = md.AsOf.Seconds, Nanos = md.AsOf.Nanos },
                    },
                },
            });
        }

        var canonical = expected.ToByteArray();
        var ours = batch.Buffer.AsSpan(0, batch.Length);
        var idsSeen = parsed.Items.Select(i => i.PublishMarketData.MarketData.CompanyId).ToArray();
        var asOfs = parsed.Items.Select(i => MicrosClock.ToMicros(i.PublishMarketData.MarketData.AsOf)).ToArray();
        if (!ours.SequenceEqual(canonical)
            || !idsSeen.SequenceEqual(["LT-000001", "LT-000002", "X", "LT-000001", "LT-000002"])
            || asOfs[0] != now || asOfs[3] != now + 1
            || parsed.Items.Any(i => !(i.PublishMarketData.MarketData.MarketCap > 0 && i.PublishMarketData.MarketData.EquityVolatility > 0)))
        {
            throw new InvalidOperationException("the tick encoder does not produce Google.Protobuf's bytes");
        }

    }

    private static int VarintLength(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    private static int WriteVarint(Span<byte> span, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        return i;
    }

    private sealed class Company
    {
        public required byte[] Id { get; init; }
        public required double MarketCap { get; init; }
        public required double Volatility { get; init; }
        public required double RiskFreeRate { get; init; }
        public long LastAsOfMicros { get; set; }

        /// <summary>Where the <see cref="ScoreProbe"/> notes this company's ticks; null when it does not follow it.</summary>
        public System.Collections.Concurrent.ConcurrentQueue<long>? Probe { get; set; }

        public static Company For(string id)
        {
            var bytes = Encoding.UTF8.GetBytes(id);
            if (bytes.Length is 0 or > 64)
            {
                throw new ArgumentException($"company id '{id}' must be 1 to 64 bytes", nameof(id));
            }

            // Plausible, stable per company: USD 20bn .. 3.5tn (USD millions), σE 0.18 .. 0.60, r 3.5% .. 4.5%.
            var h = (uint)StableHash(id);
            return new Company
            {
                Id = bytes,
                MarketCap = 20_000 + (h % 3_480_000),
                Volatility = 0.18 + ((h >> 8) % 43 / 100.0),
                RiskFreeRate = 0.035 + ((h >> 16) % 11 / 1_000.0),
            };
        }

        private static int StableHash(string s)
        {
            unchecked
            {
                var h = (int)2166136261;
                foreach (var c in s)
                {
                    h = (h ^ c) * 16777619;
                }

                return h & int.MaxValue;
            }
        }
    }
}

using System.Buffers;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.LoadTest;

/// <summary>
/// The four fields of a WatchRiskResponse a watcher measures with: update.risk.company_id,
/// update.risk.version, update.cause and update.risk.inputs.market_as_of (µs since the epoch,
/// null when absent). Read straight from the wire, skipping the rest of the CompanyRisk, so the
/// watchers take little of the CPU the server shares with them.
/// </summary>
internal sealed record WatchUpdate(string CompanyId, ulong Version, V1.ChangeCause Cause, long? MarketAsOfMicros)
{
    /// <summary>riskgrains.v1.RiskService/WatchRisk answering <see cref="WatchUpdate"/>s.</summary>
    public static readonly Method<V1.WatchRiskRequest, WatchUpdate> WatchRisk = new(
        MethodType.ServerStreaming,
        V1.RiskService.Descriptor.FullName,
        "WatchRisk",
        Marshallers.Create(r => r.ToByteArray(), V1.WatchRiskRequest.Parser.ParseFrom),
        new Marshaller<WatchUpdate>((_, _) => throw new NotSupportedException("watch updates are only received"), Parse));

    private static WatchUpdate Parse(DeserializationContext context)
    {
        var payload = context.PayloadAsReadOnlySequence();
        if (payload.IsSingleSegment)
        {
            return Parse(payload.FirstSpan);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)payload.Length);
        try
        {
            payload.CopyTo(buffer);
            return Parse(buffer.AsSpan(0, (int)payload.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static WatchUpdate Parse(ReadOnlySpan<byte> response)
    {
        string companyId = "";
        ulong version = 0;
        var cause = V1.ChangeCause.Unspecified;
        long? marketAsOf = null;

        var reader = new WireReader(response);
        while (reader.Next(out var field, out var wireType))
        {
            if (field != 1 || wireType != 2) // WatchRiskResponse.update
            {
                reader.Skip(wireType);
                continue;
            }

            var update = new WireReader(reader.Bytes());
            while (update.Next(out field, out wireType))
            {
                if (field == 1 && wireType == 2) // RiskUpdate.risk
                {
                    var risk = new WireReader(update.Bytes());
                    while (risk.Next(out field, out wireType))
                    {
                        if (field == 1 && wireType == 2)
                        {
                            companyId = Encoding.UTF8.GetString(risk.Bytes());
                        }
                        else if (field == 2 && wireType == 0)
                        {
                            version = risk.Varint();
                        }
                        else if (field == 90 && wireType == 2) // CompanyRisk.inputs
                        {
                            marketAsOf = ReadMarketAsOf(risk.Bytes()) ?? marketAsOf;
                        }
                        else
                        {
                            risk.Skip(wireType);
                        }
                    }
                }
                else if (field == 2 && wireType == 0) // RiskUpdate.cause
                {
                    cause = (V1.ChangeCause)(int)update.Varint();
                }
                else
                {
                    update.Skip(wireType);
                }
            }
        }

        return new WatchUpdate(companyId, version, cause, marketAsOf);
    }

    private static long? ReadMarketAsOf(ReadOnlySpan<byte> inputs)
    {
        var reader = new WireReader(inputs);
        while (reader.Next(out var field, out var wireType))
        {
            if (field != 7 || wireType != 2) // InputSummary.market_as_of
            {
                reader.Skip(wireType);
                continue;
            }

            long seconds = 0, nanos = 0;
            var timestamp = new WireReader(reader.Bytes());
            while (timestamp.Next(out field, out wireType))
            {
                if (field == 1 && wireType == 0)
                {
                    seconds = (long)timestamp.Varint();
                }
                else if (field == 2 && wireType == 0)
                {
                    nanos = (int)timestamp.Varint();
                }
                else
                {
                    timestamp.Skip(wireType);
                }
            }

            return (seconds * 1_000_000) + (nanos / 1_000);
        }

        return null;
    }

    /// <summary>Throws unless this reader agrees with Google.Protobuf's parser on a full update.</summary>
    public static void SelfCheck()
    {
        var risk = new V1.CompanyRisk
        {
            CompanyId = "LT-000042",
            Version = 1_234_567_890_123,
            AsOf = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            Profile = new V1.CompanyProfile { CompanyId = "LT-000042", Name = "n", Sector = "s", Currency = "USD" },
            T0 = new V1.Date { Year = 2025, Month = 12, Day = 31 },
            Silo = "S127.0.0.1:11111:1",
            Liquidity = 1.5,
            RunwayMonths = 60,
            Score = 42.5,
            Band = V1.Band.Elevated,
            Merton = new V1.MertonSolution { DistanceToDefault = 3, Iterations = 2, Converged = true },
            Inputs = new V1.InputSummary { Periods = 3, Commitments = 2, HasMarketData = true, MarketAsOf = new Timestamp { Seconds = 1_767_225_600, Nanos = 123_456_000 } },
        };
        risk.RunwayCash.Add(Enumerable.Range(0, 61).Select(i => i * 1.5));
        risk.Flags.Add("runway_capped");
        risk.Components.Add(new V1.ComponentContribution { Component = "default", Input = -3.6, Points = 6.2, Weight = 0.25, Contribution = 1.55 });
        var message = new V1.WatchRiskResponse { Update = new V1.RiskUpdate { Risk = risk, Cause = V1.ChangeCause.Market, TraceId = "0af7651916cd43dd8448eb211c80319c" } };

        var lite = Parse(message.ToByteArray());
        var expected = new WatchUpdate("LT-000042", 1_234_567_890_123, V1.ChangeCause.Market, 1_767_225_600_123_456);
        risk.Inputs.MarketAsOf = null;
        var withoutMarket = Parse(message.ToByteArray());
        if (lite != expected || withoutMarket.MarketAsOfMicros is not null || withoutMarket.Version != expected.Version)
        {
            throw new InvalidOperationException($"the watch update reader disagrees with Google.Protobuf: {lite}");
        }
    }

    /// <summary>A forward-only protobuf wire reader over a span.</summary>
    private ref struct WireReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public bool Next(out int field, out int wireType)
        {
            if (_at >= _data.Length)
            {
                field = wireType = 0;
                return false;
            }

            var tag = Varint();
            field = (int)(tag >> 3);
            wireType = (int)(tag & 7);
            return true;
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = _data[_at++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw new InvalidDataException("malformed varint");
        }

        public ReadOnlySpan<byte> Bytes()
        {
            var length = checked((int)Varint());
            var bytes = _data.Slice(_at, length);
            _at += length;
            return bytes;
        }

        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case 0:
                    Varint();
                    break;
                case 1:
                    _at += 8;
                    break;
                case 2:
                    Bytes();
                    break;
                case 5:
                    _at += 4;
                    break;
                default:
                    throw new InvalidDataException($"unsupported wire type {wireType}");
            }
        }
    }
}

using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics;
using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>
/// What a company's inputs evaluate to, and how (and by whom) it last changed. The fundamentals part is evaluated
/// once per fundamentals change; a tick evaluates only the market part against it (docs/risk-model.md
/// §2.3, §3), warm-starting the Merton solve from the last tick. The full snapshot is composed when
/// it is first read after a change.
/// </summary>
internal sealed class RiskView(ModelParameters parameters)
{
    private FundamentalsAssessment? _fundamentals;
    private MarketAssessment _market;
    private MertonGuess _mertonGuess;
    private bool _hasMarket;
    private ChangeCause _cause;

    // Kept as a number, not a string: a tick leaves nothing new for the GC.
    private UInt128 _traceId;
    private string _changedBy = "";
    private DateTimeOffset _changedAt;
    private RiskSnapshot? _snapshot;

    public Band? Band => _hasMarket ? _market.Band : _fundamentals?.BandWithoutMarket;

    public double? Score => _hasMarket ? _market.Score : _fundamentals?.ScoreWithoutMarket;

    public ChangeCause Cause => _cause;

    /// <summary>
    /// The version the current figures belong to. A read that interleaves with a change whose version is
    /// taken but not yet evaluated (a tick waiting for its reservation to be stored) gets the figures
    /// with their own version, never the next version with the previous figures.
    /// </summary>
    public ulong Version { get; private set; }

    public DateTimeOffset ChangedAt => _changedAt;

    /// <summary>An activation's starting point: the stored inputs evaluated, at the version they were stored with.</summary>
    public void Restored(CompanyFundamentals company, MarketTick? tick, ImmutableArray<DependencyContribution> contributions, ulong version)
    {
        Evaluate(company, tick, contributions, fundamentalsChanged: true);
        Changed(version, ChangeCause.Snapshot, traceId: default, changedBy: "");
    }

    /// <summary>
    /// Evaluates the company; <paramref name="contributions"/> (what its revenue dependencies transmit,
    /// docs/risk-model.md §6) are read only when the fundamentals part is evaluated again.
    /// </summary>
    public void Evaluate(CompanyFundamentals company, MarketTick? tick, ImmutableArray<DependencyContribution> contributions, bool fundamentalsChanged)
    {
        if (fundamentalsChanged || _fundamentals is null)
        {
            _fundamentals = FundamentalsAssessment.Prepare(company.Periods, company.Commitments, contributions, parameters);
        }

        // The market state object lives only for this evaluation.
        _hasMarket = tick is not null;
        _market = tick is { } t ? _fundamentals.EvaluateMarket(t.ToMarketState(), in _mertonGuess) : default;
        if (_hasMarket)
        {
            _mertonGuess = _market.NextGuess;
        }
    }

    /// <summary>Records the change: its version and cause, the trace id of the write and the principal who made it.</summary>
    public void Changed(ulong version, ChangeCause cause, ActivityTraceId traceId, string changedBy)
    {
        Version = version;
        _cause = cause;
        _changedBy = changedBy;
        _traceId = UInt128.Zero;
        if (traceId != default)
        {
            Span<byte> bytes = stackalloc byte[16];
            traceId.CopyTo(bytes);
            _traceId = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        }

        _changedAt = DateTimeOffset.UtcNow;
        _snapshot = null;
    }

    /// <summary>The snapshot of the current change, composed on its first read and kept until the next change.</summary>
    public RiskSnapshot Snapshot(string companyId, CompanyProfile profile, DateTimeOffset? marketAsOf, string silo) =>
        _snapshot ??= Compose(companyId, profile, marketAsOf, silo);

    /// <summary>
    /// A snapshot of the current change that is not kept: one that lived until the next tick would
    /// survive into older GC generations for nothing.
    /// </summary>
    public RiskSnapshot Compose(string companyId, CompanyProfile profile, DateTimeOffset? marketAsOf, string silo) => new(
        companyId,
        Version,
        _changedAt,
        profile,
        _hasMarket ? _fundamentals!.Compose(in _market) : _fundamentals!.ComposeWithoutMarket(),
        _cause,
        TraceIdHex(),
        marketAsOf,
        silo,
        _changedBy);

    /// <summary>The history point of the current change: its headline metrics, cause, caller and time.</summary>
    public HistoryPoint Point(string companyId, ulong version)
    {
        var a = _hasMarket ? _fundamentals!.Compose(in _market) : _fundamentals!.ComposeWithoutMarket();
        var by = _changedBy.Length > HistoryPoint.MaxChangedByLength ? _changedBy[..HistoryPoint.MaxChangedByLength] : _changedBy;
        return new(companyId, version, _changedAt, _cause, a.Score, a.Band, a.LiquidityCoverage12M, a.RunwayMonths, a.CommitmentAdjustedLeverage, a.CommitmentAdjustedDefaultProbability, by);
    }

    /// <summary>The trace id of the change as W3C hex; empty when it had none.</summary>
    private string TraceIdHex()
    {
        if (_traceId == UInt128.Zero)
        {
            return "";
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, _traceId);
        return ActivityTraceId.CreateFromBytes(bytes).ToHexString();
    }
}
